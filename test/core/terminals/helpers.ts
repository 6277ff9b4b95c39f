// Helpers for the terminal tests: a session's output read through the contract (with
// acknowledgements, as the renderer does), and the process table.
import { readdirSync, readFileSync } from 'node:fs';
import type { PodiumApi } from '../../../core/api/client.js';

/** Terminal output without its control sequences (readline moves the cursor around prompts). */
export function plain(s: string): string {
  // eslint-disable-next-line no-control-regex -- escape sequences are what is removed
  return s.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g, '');
}

export interface Reader {
  text(): string;
  /** Wait until the output matches (bounded). */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  stop(): void;
}

/** Subscribe to a session's output; acknowledge each event unless `ack` is false. */
export async function readSession(api: PodiumApi, sessionId: string, opts: { ack?: boolean } = {}): Promise<Reader> {
  let out = '';
  const stop = api.subscribe('terminals.output', { sessionId }, (ev) => {
    out += ev.data;
    if (opts.ack !== false) void api.call('terminals.ack', { sessionId, upTo: ev.end }).catch(() => {});
  });
  // Let the subscription reach the host before anything is typed.
  await api.call('terminals.list', {});
  return {
    text: () => out,
    async waitFor(re, timeoutMs = 15_000) {
      const t0 = Date.now();
      while (!re.test(plain(out))) {
        if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${re} in terminal output:\n${JSON.stringify(plain(out).slice(-2000))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return plain(out);
    },
    stop,
  };
}

export interface Proc {
  pid: number;
  pgid: number;
  sid: number;
  ppid: number;
  comm: string;
  state: string;
}

/** The process table, from /proc. */
export function processTable(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const comm = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      out.push({ pid: Number(name), state: f[0]!, ppid: Number(f[1]), pgid: Number(f[2]), sid: Number(f[3]), comm });
    } catch {
      // the process went away while reading
    }
  }
  return out;
}

/** Live (not zombie) processes of the Unix session a terminal's program leads (every job's group). */
export function sessionMembers(sid: number): Proc[] {
  return processTable().filter((p) => p.sid === sid && p.state !== 'Z');
}

export async function until(cond: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
