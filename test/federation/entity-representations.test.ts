import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startReplicas, type Replicas } from "../helpers/replicas.js";
import { post } from "../reliability/support.js";

// A representation is the caller's JSON (`_Any`). Apollo's entity resolver throws on one whose
// __typename is not an entity while the references before it are already being resolved: their
// rejections were never awaited, and the process died of an unhandled rejection. Each bad
// representation is now an error at its own index, before any reference is resolved.

const ENTITIES = `query Entities($representations: [_Any!]!) { _entities(representations: $representations) { ... on Contact { id } } }`;
const BAD_REPRESENTATIONS: unknown[] = [
  { __typename: "Nope", id: "x" },
  { id: "x" },
  { __typename: 1 },
  "Contact",
  [1],
  { __typename: "Query" },
];

describe("representations that are not a Contact reference (a real process)", () => {
  let replicas: Replicas;
  beforeAll(async () => {
    replicas = await startReplicas(1, { LOG_LEVEL: "info" });
  }, 90_000);
  afterAll(async () => {
    await replicas?.stop();
  });

  it.each(BAD_REPRESENTATIONS.map((bad) => [JSON.stringify(bad), bad]))(
    "%s after a malformed Contact id: an error at that index only, and the process stays up",
    async (_, bad) => {
      const [replica] = replicas.replicas;
      const representations = [{ __typename: "Contact", id: "x" }, bad, { __typename: "Contact", id: "y" }];
      const res = await post(replica.url, { query: ENTITIES, variables: { representations } });
      expect(res.status, res.text).toBe(200);
      expect(res.data, res.text).toEqual({ _entities: [null, null, null] });
      const codes = res
        .errors!.map((error) => [error.path, error.extensions?.code])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
      expect(codes).toEqual([
        [["_entities", 0], "BAD_USER_INPUT"],
        [["_entities", 1], "BAD_USER_INPUT"],
        [["_entities", 2], "BAD_USER_INPUT"],
      ]);
      expect(res.errors!.find((error) => error.path?.[1] === 1)).toMatchObject({
        message: "A representation must be an object whose __typename is Contact.",
        extensions: { field: ["representations", "1", "__typename"] },
      });
      // The rejections that used to go unhandled surface a tick later: give them the time to.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const health = await fetch(`${replica.base}/health`);
      expect(health.status).toBe(200);
      expect(replica.logs().filter((line) => !line.startsWith("{"))).toEqual([]);
    },
  );
});

describe("a rejected promise nobody awaits (a real process)", () => {
  let replicas: Replicas;
  beforeAll(async () => {
    // Stands for the next library that drops a rejected promise: one rejects, unawaited, once the server is up.
    const drop = `setTimeout(() => Promise.reject(new Error("dropped by a library")), 1500)`;
    replicas = await startReplicas(1, { LOG_LEVEL: "info", NODE_OPTIONS: `--import=data:text/javascript,${encodeURIComponent(drop)}` });
  }, 90_000);
  afterAll(async () => {
    await replicas?.stop();
  });

  it("is one JSON error line, and the process goes on serving", async () => {
    const [replica] = replicas.replicas;
    const logged = () => replica.logs().find((line) => line.includes("unhandled promise rejection"));
    for (const end = Date.now() + 10_000; !logged() && Date.now() < end; ) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(JSON.parse(logged()!)).toMatchObject({ level: 50, err: { name: "Error", message: "dropped by a library" } });
    expect((await fetch(`${replica.base}/health`)).status).toBe(200);
    expect(replica.logs().filter((line) => !line.startsWith("{"))).toEqual([]);
  });
});
