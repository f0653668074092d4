import { describe, expect, it } from "vitest";
import { limiter } from "../../src/loaders.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("limiter", () => {
  it("runs at most `max` tasks at once and all of them in arrival order", async () => {
    const limit = limiter(3);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        limit(async () => {
          started.push(i);
          peak = Math.max(peak, ++running);
          await sleep(5);
          running--;
          if (i === 4) throw new Error("task 4 failed");
          return i;
        }).catch((err: Error) => err.message),
      ),
    );
    expect(peak).toBe(3);
    expect(started).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(results).toEqual([0, 1, 2, 3, "task 4 failed", 5, 6, 7, 8, 9]);
  });
});
