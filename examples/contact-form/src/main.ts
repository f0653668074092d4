import { execute } from "./execute.js";
import { CreateContactFromFormDocument, type ContactProvider, type CreateContactFromFormMutationVariables } from "./gql/graphql.js";

// Through the router in production (same origin: /graphql). `?endpoint=` points at a subgraph
// started with CORS_ORIGINS, for local development without a router.
const endpoint = new URLSearchParams(location.search).get("endpoint") ?? "/graphql";

const form = document.querySelector<HTMLFormElement>("#contact")!;
const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement).value;

/** The form as the mutation's variables. Empty fields are sent as they are: the subgraph counts a blank value as absent. */
function toVariables(): CreateContactFromFormMutationVariables {
  return {
    provider: value("provider") as ContactProvider,
    input: {
      firstName: value("firstName"),
      lastName: value("lastName"),
      emails: [{ address: value("email") }],
      phones: [{ number: value("phone") }],
      addresses: [{ countryCode: value("country") }],
      dateOfBirth: value("dateOfBirth"),
    },
  };
}

interface Problem {
  field?: string[] | null;
  message: string;
}

function fillList(selector: string, lines: string[]) {
  const list = document.querySelector(selector)!;
  list.replaceChildren(...lines.map((line) => Object.assign(document.createElement("li"), { textContent: line })));
}

/**
 * Each problem goes to the control whose `data-field` is its path joined by dots, and the others to
 * the list under the form. The path is data: no message text is parsed.
 */
function show(problems: Problem[], warnings: Problem[]) {
  for (const control of form.querySelectorAll("[data-field]")) control.removeAttribute("aria-invalid");
  for (const slot of form.querySelectorAll("[data-error-for]")) slot.textContent = "";
  const elsewhere: Problem[] = [];
  for (const problem of problems) {
    const path = problem.field?.join(".");
    const slot = path ? form.querySelector(`[data-error-for="${CSS.escape(path)}"]`) : null;
    if (!path || !slot) {
      elsewhere.push(problem);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent} ${problem.message}` : problem.message;
    form.querySelector(`[data-field="${CSS.escape(path)}"]`)?.setAttribute("aria-invalid", "true");
  }
  const line = (problem: Problem) => (problem.field ? `${problem.field.join(".")}: ${problem.message}` : problem.message);
  fillList("#form-errors", elsewhere.map(line));
  fillList("#warnings", warnings.map(line));
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = document.querySelector("#result")!;
  result.textContent = "Sending…";
  try {
    const { data, errors } = await execute(endpoint, CreateContactFromFormDocument, toVariables());
    const payload = data?.createContact;
    // A variable that does not fit the schema still names its path, in extensions.field.
    const problems = [...(payload?.userErrors ?? []), ...(errors ?? []).map((e) => ({ field: e.extensions?.field, message: e.message }))];
    show(problems, payload?.warnings ?? []);
    result.textContent = payload?.contact ? `Created ${payload.contact.id}` : `Not created (${payload?.outcome ?? "error"}).`;
  } catch {
    show([], []);
    result.textContent = "The contacts service could not be reached.";
  }
});
