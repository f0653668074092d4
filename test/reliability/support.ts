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
  data?: { createContact: { outcome: string; contact: { id: string; providerId: string } | null; userErrors: { field: string[] | null; code: string; message: string }[] } | null } | null;
  errors?: GraphQLFormattedError[];
}

export async function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<CreateResult> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  const parsed = JSON.parse(text) as Omit<CreateResult, "status" | "text">;
  return { status: res.status, text, ...parsed };
}

type ProviderName = `${ContactProvider}`;

/**
 * One create; without an `input`, VALID_INPUT with fresh email and phone (test/helpers/unique.ts), the
 * same ones for the same idempotency key, so a retry sends what the first call sent.
 */
export const create = (url: string, provider: ProviderName, variables: { input?: unknown; key?: string; connectionId?: string } = {}) =>
  post(url, { query: CREATE, variables: { provider, input: freshInput(VALID_INPUT, variables.key), ...variables } });

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
