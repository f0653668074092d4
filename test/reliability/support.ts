import type { GraphQLFormattedError } from "graphql";
import type { ContactProvider } from "../../src/graphql/enums.js";
import { providerList, providers } from "../../src/providers/index.js";
import type { Simulator } from "../../src/providers/types.js";
import { freshInput } from "../helpers/unique.js";

/** Satisfies every provider's required fields (an email, a phone, a last name: see contactProviders). */
export const VALID_INPUT = {
  firstName: "Ada",
  lastName: "Lovelace",
  emails: [{ address: "ada@example.com" }],
  phones: [{ number: "+442079460958" }],
};

export const CREATE = `mutation Create($provider: ContactProvider!, $input: CreateContactInput!, $key: String, $connectionId: ID) {
  createContact(provider: $provider, input: $input, idempotencyKey: $key, connectionId: $connectionId) {
    outcome
    contact { id providerId }
    userErrors { field message code }
    warnings { field code }
  }
}`;

export interface CreateResult {
  status: number;
  text: string;
  data?: {
    createContact: {
      outcome: string;
      contact: { id: string; providerId: string } | null;
      userErrors: { field: string[] | null; code: string; message: string }[];
    } | null;
  } | null;
  errors?: GraphQLFormattedError[];
}

/**
 * JSON text for any value a test can build, as a hostile client would write it: without recursion
 * (JSON.stringify overflows on a 10,000-deep value), and with ±Infinity as 1e400 / -1e400, which
 * JSON.parse reads back as ±Infinity.
 */
export function jsonText(value: unknown): string {
  const out: string[] = [];
  const stack: unknown[] = [value];
  // Punctuation waits on the stack in a box of its own, so it is never mistaken for a value.
  class Raw {
    constructor(readonly text: string) {}
  }
  while (stack.length) {
    const item = stack.pop();
    if (item instanceof Raw) {
      out.push(item.text);
      continue;
    }
    if (typeof item === "number")
      out.push(Number.isNaN(item) ? "null" : item === Infinity ? "1e400" : item === -Infinity ? "-1e400" : JSON.stringify(item));
    else if (item === null || typeof item !== "object") out.push(JSON.stringify(item) ?? "null");
    else {
      const array = Array.isArray(item);
      const entries = array
        ? (item as unknown[]).map((v) => [undefined, v] as const)
        : Object.entries(item).filter(([, v]) => v !== undefined);
      out.push(array ? "[" : "{");
      stack.push(new Raw(array ? "]" : "}"));
      // Pushed in reverse so they come off the stack in order; a separator and the key precede each value.
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, member] = entries[i];
        stack.push(member);
        stack.push(new Raw(`${i ? "," : ""}${key === undefined ? "" : `${JSON.stringify(key)}:`}`));
      }
    }
  }
  return out.join("");
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<CreateResult> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: jsonText(body) });
  const text = await res.text();
  const parsed = JSON.parse(text) as Omit<CreateResult, "status" | "text">;
  return { status: res.status, text, ...parsed };
}

type ProviderName = `${ContactProvider}`;

/**
 * One create; without an `input`, VALID_INPUT with fresh email and phone (test/helpers/unique.ts), the
 * same ones for the same idempotency key, so a retry sends what the first call sent.
 */
export const create = (
  url: string,
  provider: ProviderName,
  variables: { input?: unknown; key?: string; connectionId?: string } = {},
  headers: Record<string, string> = {},
) => post(url, { query: CREATE, variables: { provider, input: freshInput(VALID_INPUT, variables.key), ...variables } }, headers);

/** The environment that points a provider at `baseUrl` with the simulator's credentials. */
export function providerEnv(provider: ProviderName, sim: Simulator, baseUrl: URL | string, timeoutMs = 400): Record<string, string> {
  const { prefix, connection } = providers[provider as ContactProvider].env;
  const env: Record<string, string> = { [`${prefix}_BASE_URL`]: String(baseUrl), [`${prefix}_TIMEOUT_MS`]: String(timeoutMs) };
  for (const [name, value] of Object.entries(sim.credentials)) env[`${prefix}_${name}`] = value;
  if (connection && sim.defaultConnectionId) env[`${prefix}_${connection}`] = sim.defaultConnectionId;
  return env;
}

/** Every provider that has a simulator: the suites grow as providers are added. */
export const simulatedProviders = () => providerList.filter((definition) => definition.simulator).map((definition) => definition.id);

export const createsOf = (sim: Simulator) => (sim as Simulator & { stats: { creates: number } }).stats.creates;
