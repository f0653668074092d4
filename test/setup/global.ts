// vitest globalSetup: what the tests need on the machine, set up once per run (`npm test` on a fresh machine).
import { existsSync } from "node:fs";
import { CHROMIUM, redisForTests } from "./services.js";

let stopRedis: (() => Promise<void>) | undefined;

export async function setup() {
  const redis = await redisForTests();
  if ("missing" in redis) {
    // One line instead of a wall of connection errors from every test that needs Redis.
    console.error(`npm test: ${redis.missing}`);
    process.exit(1);
  }
  // Workers start after this and inherit the environment.
  process.env.REDIS_URL = redis.url;
  stopRedis = redis.stop;
  if (redis.started) console.log(`npm test: no Redis was running, so a throwaway redis-server serves ${redis.url} for this run.`);
  if (!existsSync(CHROMIUM()))
    console.warn(
      `npm test: no Chromium at ${CHROMIUM()}, so the GraphiQL browser tests will fail: apt-get install -y chromium (or set CHROMIUM_PATH).`,
    );
}

export async function teardown() {
  await stopRedis?.();
}
