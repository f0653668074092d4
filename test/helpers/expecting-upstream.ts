import { startFakeUpstream, type FakeReply, type FakeUpstream, type Received } from "./fake-upstream.js";

export type Reply = FakeReply | ((request: Received) => FakeReply | Promise<FakeReply>);

export interface ExpectingUpstream extends FakeUpstream {
  /**
   * From now until `verify()`, answers `method` on `path` (the path as received, without the query
   * string) with `reply`. The call must come: `verify()` fails when it never did. Several expectations
   * of one method and path answer one call each, in order.
   */
  expect(method: string, path: string, reply: Reply): void;
  /**
   * Fails when an expected call never came or a call nobody expected did (it was answered 599), then
   * forgets the expectations. Call it after each test.
   */
  verify(): void;
}

interface Expectation {
  method: string;
  path: string;
  reply: Reply;
  calls: number;
}

/**
 * A loopback upstream that knows what it expects, keyed by method and path (as datasource-rest's
 * nock assertions and vercel/ai's test server do): a client that calls the wrong path, or never
 * calls, fails the test instead of getting the one shared reply.
 */
export async function startExpectingUpstream(): Promise<ExpectingUpstream> {
  let expectations: Expectation[] = [];
  let unexpected: string[] = [];
  const fake = await startFakeUpstream(async (request) => {
    const path = request.url.split("?")[0];
    // Expectations of one method and path answer in the order they were made; the last one answers retries.
    const matching = expectations.filter((candidate) => candidate.method === request.method && candidate.path === path);
    const expectation = matching.find((candidate) => candidate.calls === 0) ?? matching.at(-1);
    if (!expectation) {
      unexpected.push(`${request.method} ${request.url}`);
      return { status: 599, body: { message: "unexpected call" } };
    }
    expectation.calls++;
    return typeof expectation.reply === "function" ? expectation.reply(request) : expectation.reply;
  });
  return {
    ...fake,
    expect: (method, path, reply) => void expectations.push({ method, path, reply, calls: 0 }),
    verify() {
      const missing = expectations.filter((expectation) => expectation.calls === 0).map(({ method, path }) => `${method} ${path}`);
      const surprises = unexpected;
      expectations = [];
      unexpected = [];
      if (missing.length || surprises.length)
        throw new Error(
          `upstream expectations not met: never called ${JSON.stringify(missing)}, not expected ${JSON.stringify(surprises)}`,
        );
    },
  };
}
