// The subgraph as `npm start` runs it, plus one thing only the benchmark needs: on SIGUSR2, a full
// garbage collection and the memory figures on stdout, so "memory after N mutations" measures what
// is retained, not what the collector has not reached yet. Run with --expose-gc.
process.on("SIGUSR2", () => {
  (globalThis as { gc?: () => void }).gc?.();
  const { heapUsed, rss } = process.memoryUsage();
  process.stdout.write(`${JSON.stringify({ heapUsed, rss })}\n`);
});
await import("../src/index.js");
