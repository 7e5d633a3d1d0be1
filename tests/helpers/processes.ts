import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

// Finding and watching the processes npm start runs, by process group.

/** The pids of the node processes in this process group running `script` (not npm, nor the sh -c it runs it with). */
export function pidsOf(group: number, script: string): number[] {
  let ps: string;
  try {
    ps = execFileSync("ps", ["-o", "pid=,args=", "-g", String(group)]).toString();
  } catch (error) {
    // ps exits 1 when the group has no process left.
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
  return ps
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([, command, ...args]) => /(^|\/)node$/.test(command ?? "") && args.includes(script))
    .map((line) => Number(line[0]))
    .filter((pid) => isRunning(pid));
}

/** The first of pidsOf. */
export function pidOf(group: number, script: string): number | undefined {
  return pidsOf(group, script)[0];
}

/** Whether the process runs (a zombie waiting for a reaper does not). */
export function isRunning(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
}
