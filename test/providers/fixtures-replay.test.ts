import { existsSync, readdirSync, readFileSync } from "node:fs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { createContext } from "../../src/context.js";
import { createLogger } from "../../src/logger.js";
import { providerList } from "../../src/providers/index.js";
import { startExpectingUpstream, type ExpectingUpstream } from "../helpers/expecting-upstream.js";

// Each provider's fixtures say where their exchange went (method, path, status, and any call the
// client makes first, such as a token exchange). Here they replay through the real client and
// transport, against an upstream that accepts only those calls: the mapper tests check the
// translation, this checks that the client sends it to the documented place.

interface Exchange {
  method: string;
  path: string;
  status: number;
  response?: unknown;
}
interface Fixture {
  exchange: Exchange & { before?: Exchange[] };
  input: Record<string, unknown>;
  request: unknown;
  response: unknown;
  contact: Record<string, unknown> & { providerId: string };
}

const silent = createLogger({ level: "silent" });

for (const definition of providerList) {
  const folder = new URL(`../fixtures/${definition.id.toLowerCase()}/`, import.meta.url);
  const files = existsSync(folder) ? readdirSync(folder).filter((file) => file.endsWith(".json")) : [];

  describe(`${definition.label} fixtures, replayed through the client`, () => {
    let upstream: ExpectingUpstream;
    beforeAll(async () => {
      upstream = await startExpectingUpstream();
    });
    afterEach(() => upstream.verify());
    afterAll(() => upstream?.close());

    it("has fixtures", () => expect(files.length).toBeGreaterThan(0));

    it.each(files)("%s", async (file) => {
      const fixture = JSON.parse(readFileSync(new URL(file, folder), "utf8")) as Fixture;
      const { before = [], ...exchange } = fixture.exchange;
      for (const step of [...before, exchange])
        upstream.expect(step.method, `/${step.path}`, { status: step.status, body: step.response ?? fixture.response });

      // Configured as start-up would; credentials unique per fixture, so no token is shared between them.
      const { prefix, credentials } = definition.env;
      const env = {
        [`${prefix}_BASE_URL`]: upstream.url,
        ...Object.fromEntries(credentials.map((name) => [`${prefix}_${name}`, `replay-${file}`])),
      };
      const client = createContext(loadConfig(env), silent).client(definition.id);
      const connectionId = definition.connection === "none" ? undefined : "replay-connection";

      if (exchange.method === "GET") {
        expect(await client.read(fixture.contact.providerId, connectionId)).toMatchObject(fixture.contact);
        return;
      }
      const options = fixture.input[definition.optionsKey];
      const record = await client.create({ input: fixture.input, options, connectionId, idempotencyKey: "replay" });
      expect(upstream.received.at(-1)!.body).toEqual(fixture.request);
      expect(record).toMatchObject(fixture.contact);
    });
  });
}
