import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { DEFAULT_REDIS_URL, freePort, redisAnswers, redisForTests } from "./setup/services.js";

const VITEST = new URL("../node_modules/vitest/vitest.mjs", import.meta.url).pathname;

describe("npm test's own set-up (test/setup/global.ts)", () => {
  it("gave this run a Redis that answers", async () => {
    expect(await redisAnswers(process.env.REDIS_URL ?? DEFAULT_REDIS_URL)).toBe(true);
  });

  it("starts a throwaway redis-server on a free port when none answers, and stops it", async () => {
    const redis = await redisForTests({ PATH: process.env.PATH, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
    if ("missing" in redis) throw new Error(redis.missing);
    expect(redis.started).toBe(true);
    expect(await redisAnswers(redis.url)).toBe(true);
    await redis.stop();
    expect(await redisAnswers(redis.url)).toBe(false);
    expect(redis.started && (() => process.kill(redis.pid, 0))).toThrow(/ESRCH/);
  });

  it("uses the Redis that answers, and starts nothing", async () => {
    const url = process.env.REDIS_URL ?? DEFAULT_REDIS_URL;
    expect(await redisForTests({ PATH: process.env.PATH, REDIS_URL: url })).toMatchObject({ url, started: false });
  });

  it("says in one line what to install when there is no Redis and no redis-server, and runs no test", async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const run = await promisify(execFile)(process.execPath, [VITEST, "run", "test/global-id.test.ts"], {
      env: { PATH: "", REDIS_URL: url, NO_COLOR: "1" },
      timeout: 60_000,
    }).then(
      () => ({ code: 0, stdout: "", stderr: "" }),
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split("\n")).toEqual([
      `npm test: No Redis answers at ${url} and redis-server is not installed: apt-get install -y redis-server (or set REDIS_URL).`,
    ]);
    expect(run.stdout).not.toMatch(/ECONNREFUSED|✓/);
  });
});
