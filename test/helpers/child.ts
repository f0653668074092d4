import type { ChildProcess } from "node:child_process";
import { once } from "node:events";

/** SIGTERM, then SIGKILL after `graceMs`: a test never leaves a process behind, and never waits forever. */
export async function stopChild(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
