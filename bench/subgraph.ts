// The subgraph as `npm start` runs it, plus what only the benchmark needs, asked over the IPC
// channel of bench/run.ts: "memory" answers the heap after a full garbage collection (run with
// --expose-gc), so "memory after N mutations" measures what is retained, not what the collector has
// not reached yet; "cpu" answers the CPU time used so far (µs); "profile-start" / "profile-stop" record a CPU profile of exactly the measured
// window and answer it. stdout stays the log stream, as in production.
import { Session } from "node:inspector/promises";

type Message = "memory" | "cpu" | "profile-start" | "profile-stop";
const session = new Session();

process.on("message", async (message: Message) => {
  if (message === "memory") {
    (globalThis as { gc?: () => void }).gc?.();
    const { heapUsed, rss } = process.memoryUsage();
    process.send!({ memory: { heapUsed, rss } });
  } else if (message === "cpu") {
    const { user, system } = process.cpuUsage();
    process.send!({ cpu: user + system });
  } else if (message === "profile-start") {
    session.connect();
    await session.post("Profiler.enable");
    // 1 ms between samples, as `node --cpu-prof` defaults to: ~10k samples in a 10 s window.
    await session.post("Profiler.setSamplingInterval", { interval: 1000 });
    await session.post("Profiler.start");
    process.send!({ profiling: true });
  } else if (message === "profile-stop") {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    process.send!({ profile });
  }
});
// The benchmark is gone (crashed, interrupted): never outlive it.
process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));

await import("../src/index.js");
