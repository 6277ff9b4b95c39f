// Contract round trip over the WebSocket: 10,000 sequential calls from a client process to
// a `podium serve` process — p50 and p99 — for a public command (system.info) and an
// authenticated one (auth.whoami: the session is re-checked in SQLite on every call).
// Baseline, measured in the same run: a bare `ws` echo server in its own process.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { SocketClient, type SocketLike } from '../../core/api/client.js';
import { header, ms, percentile, ROOT, spawnServe, stop, tempData } from './lib/common.js';

const CALLS = 10_000;
const WARMUP = 500;

async function measure(fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b);
}

function report(label: string, t: number[]) {
  const total = t.reduce((a, b) => a + b, 0);
  console.log(`${label.padEnd(34)} p50 ${ms(percentile(t, 50))}  p99 ${ms(percentile(t, 99))}  (${Math.round((t.length / total) * 1000)} calls/s)`);
}

async function baseline(): Promise<number[]> {
  const port = 7900 + Math.floor(Math.random() * 90);
  const wsPath = join(ROOT, 'node_modules', 'ws', 'index.js');
  const proc = spawn(
    process.execPath,
    [
      '-e',
      `const {WebSocketServer}=require(${JSON.stringify(wsPath)});new WebSocketServer({port:${port},host:'127.0.0.1'}).on('connection',s=>s.on('message',m=>s.send(String(m))));`,
    ],
    { stdio: 'ignore' },
  );
  await new Promise((r) => setTimeout(r, 300));
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((r) => ws.once('open', r));
  let pending: (() => void) | null = null;
  ws.on('message', () => pending?.());
  const frame = JSON.stringify({ t: 'call', id: 1, cmd: 'system.info', input: {} });
  const t = await measure(() => new Promise<void>((r) => ((pending = r), ws.send(frame))));
  ws.close();
  await stop(proc);
  return t;
}

async function main() {
  const dir = tempData();
  const s = spawnServe(dir);
  const url = new URL(await s.url);
  const password = readFileSync(join(dir, 'initial-admin-password'), 'utf8').trim();
  const client = new SocketClient({ open: () => new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`) as unknown as SocketLike });
  const login = await client.call('auth.login', { username: 'admin', password });
  if (!login.ok) throw new Error(login.error.message);
  const changed = await client.call('auth.changePassword', { currentPassword: password, newPassword: 'Bench-Password-123' });
  if (!changed.ok) throw new Error(changed.error.message);
  const info = await measure(() => client.call('system.info', {}));
  const whoami = await measure(() => client.call('auth.whoami', {}));
  client.close();
  await stop(s.proc);
  const base = await baseline();
  header(`contract round trip over WebSocket (${CALLS} sequential calls each)`);
  report('system.info (public)', info);
  report('auth.whoami (session checked)', whoami);
  report('baseline: bare ws echo', base);
}

await main();
