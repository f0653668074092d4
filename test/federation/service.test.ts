import { Kind, parse, print } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStoraSimulator } from "../../src/providers/stora/simulator.js";
import { ServiceSdlDocument } from "../gql/graphql.js";
import { execute } from "../helpers/graphql.js";
import { startSimulator, startSubgraph, type TestSubgraph } from "../helpers/server.js";
import { contactsSdl } from "./supergraph.js";

describe("the federation surface", () => {
  let sim: Awaited<ReturnType<typeof startSimulator<ReturnType<typeof createStoraSimulator>>>>;
  let subgraph: TestSubgraph;
  beforeAll(async () => {
    sim = await startSimulator(createStoraSimulator("t"));
    subgraph = await startSubgraph({ STORA_BASE_URL: sim.url.href, STORA_TOKEN: "t" });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await sim?.close();
  });

  it("_service { sdl } is the committed schema.graphql: Federation 2, Contact keyed by id, internal fields tagged", async () => {
    const res = await execute(subgraph.url, ServiceSdlDocument);
    const sdl = res.data!._service.sdl!;
    // The served SDL adds the federation directive definitions; every type of schema.graphql is in it as committed.
    const served = new Set(parse(sdl).definitions.map((d) => print(d)));
    // Query gains _entities and _service when served.
    const committed = parse(await contactsSdl()).definitions.filter(
      (d) => d.kind !== Kind.SCHEMA_EXTENSION && !("name" in d && d.name?.value === "Query"),
    );
    expect(sdl).toMatch(/_entities\(representations: \[_Any!\]!\): \[_Entity\]!/);
    expect(committed.length).toBeGreaterThan(30);
    expect(committed.map((d) => print(d)).filter((d) => !served.has(d))).toEqual([]);
    expect(sdl).toMatch(/@link\(url: "https:\/\/specs\.apollo\.dev\/federation\/v2\.\d+", import: \[[^\]]*"@key"[^\]]*"@tag"/);
    expect(sdl).toMatch(/type Contact\s+@key\(fields: "id"\)/);
    expect(sdl).toMatch(/providerData: JSONObject @tag\(name: "internal"\)/);
    expect(sdl).toMatch(/\): ContactRequestPreview! @tag\(name: "internal"\)/);
    expect(sdl).not.toMatch(/^type (Email|Phone|Address) /m);
  });

  // The router asks for a federated trace with this header; without it nothing is added.
  it("returns an ftv1 trace only when the router asks for one", async () => {
    const post = (headers: Record<string, string>) =>
      fetch(subgraph.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: JSON.stringify({ query: "{ contactProviders { provider } }" }),
      }).then((r) => r.json() as Promise<{ extensions?: { ftv1?: string } }>);
    const traced = await post({ "apollo-federation-include-trace": "ftv1" });
    expect(traced.extensions?.ftv1).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect((await post({})).extensions?.ftv1).toBeUndefined();
  });
});
