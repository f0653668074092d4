import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ContactProvider } from "../../src/graphql/enums.js";
import { encodeContactId } from "../../src/providers/global-id.js";
import { createStoraSimulator } from "../../src/providers/stora/simulator.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { getMetrics, requestLine, sample, upstreamCalls } from "./support.js";

// Reading back a contact the provider no longer has is an answer (null), not a failure: the log
// line says NOT_FOUND at info, and nothing is counted as a misconfigured provider.
let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
let subgraph: TestSubgraph;
beforeAll(async () => {
  sim = await startSimulator(createStoraSimulator("stora-notfound-token"));
  subgraph = await startSubgraph({ STORA_BASE_URL: sim.url.href, STORA_TOKEN: "stora-notfound-token" });
});
afterAll(async () => {
  await subgraph.stop();
  await sim.close();
});

describe("a read of a missing contact, observed", () => {
  it("logs NOT_FOUND at info and counts no PROVIDER_NOT_CONFIGURED", async () => {
    const id = encodeContactId({ provider: ContactProvider.STORA, connectionId: null, providerId: "con_gone", sandbox: false });
    const before = sample((await getMetrics(subgraph.url)).text, "contacts_upstream_errors_total", {
      provider: "Stora",
      code: "PROVIDER_NOT_CONFIGURED",
    });
    const res = await fetch(subgraph.url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "obs-notfound-1" },
      body: JSON.stringify({
        query: "query($r: [_Any!]!) { _entities(representations: $r) { ... on Contact { id } } }",
        variables: { r: [{ __typename: "Contact", id }] },
      }),
    });
    expect(await res.json()).toEqual({ data: { _entities: [null] } });

    expect(requestLine(subgraph.logs, "obs-notfound-1").level).toBe(30);
    const [line] = upstreamCalls(subgraph.logs, "obs-notfound-1");
    expect(line).toMatchObject({ method: "GET", path: "contacts/{id}", status: 404, errorCode: "NOT_FOUND" });
    const after = sample((await getMetrics(subgraph.url)).text, "contacts_upstream_errors_total", {
      provider: "Stora",
      code: "PROVIDER_NOT_CONFIGURED",
    });
    expect(after).toBe(before);
  });
});
