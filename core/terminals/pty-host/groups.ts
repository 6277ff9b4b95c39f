// Ending a terminal's processes. Each pty program leads its own Unix session (node-pty's
// forkpty does setsid), and an interactive shell puts each job in a process group of its
// own inside that session — so "the session's process group" is every group in the
// session. We signal each: SIGHUP (what a closed terminal sends) and SIGCONT (so a stopped
// job sees it), then SIGKILL for whatever is still there after the grace period.
// A program that leaves the session on purpose (setsid, a daemon) is out of reach, as in
// any terminal.
import { readdirSync, readFileSync } from 'node:fs';

/** Process groups with a live (non-zombie) process in session `sid` (Linux /proc). */
export function sessionGroups(sid: number): number[] {
  const groups = new Set<number>();
  let names: string[];
  try {
    names = readdirSync('/proc');
  } catch {
    return groupAlive(sid) ? [sid] : [];
  }
  for (const name of names) {
    if (name.charCodeAt(0) > 57) continue; // not a pid
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'latin1');
    } catch {
      continue;
    }
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (f[0] === 'Z' || Number(f[3]) !== sid) continue;
    groups.add(Number(f[2]));
  }
  return [...groups];
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // the group is gone already
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * End every process group of the session led by `sid`: SIGHUP + SIGCONT, wait up to
 * graceMs for them to go, then SIGKILL (and wait ≤ 1 s more).
 */
export async function endSession(sid: number, graceMs: number): Promise<void> {
  if (!Number.isInteger(sid) || sid <= 1) return;
  let groups = sessionGroups(sid);
  if (groups.length === 0) return;
  for (const g of groups) signalGroup(g, 'SIGHUP');
  for (const g of groups) signalGroup(g, 'SIGCONT');
  for (let waited = 0; waited < graceMs; waited += 25) {
    await sleep(25);
    groups = sessionGroups(sid);
    if (groups.length === 0) return;
  }
  for (const g of sessionGroups(sid)) signalGroup(g, 'SIGKILL');
  for (let waited = 0; waited < 1000 && sessionGroups(sid).length > 0; waited += 10) await sleep(10);
}
