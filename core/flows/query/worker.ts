// The query worker thread: answers the host's queries and keeps the rollups, so that a
// long scan never holds up the host's event loop or the collector's sockets.
import { parentPort, workerData } from 'node:worker_threads';
import { QueryRunner, type QueryRequest, type RunnerOptions } from './runner.js';
import { QueryError } from './engine.js';
import type { RollupRetention } from '../store/rollup.js';

export type ToQuery =
  | { type: 'query'; id: number; req: QueryRequest }
  | { type: 'retention'; rawRetentionMinutes: number; retention: RollupRetention }
  | { type: 'maintain'; id: number }
  | { type: 'stop' };

export type FromQuery =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | {
      type: 'result';
      id: number;
      ok: false;
      error: { message: string; filter?: { column: number; length: number; message: string; expected: string[] } | undefined; internal: boolean };
    }
  | { type: 'log'; level: 'warn' | 'error'; message: string };

const port = parentPort;
if (!port) throw new Error('the query runner runs in a worker thread');
const post = (m: FromQuery) => port.postMessage(m);
const runner = new QueryRunner((workerData as { opts: RunnerOptions }).opts);
let ticks = 0;
const timer = setInterval(() => {
  try {
    runner.maintain(++ticks % 30 === 0);
  } catch (e) {
    post({ type: 'log', level: 'warn', message: `rollup: ${(e as Error).message}` });
  }
}, 2000);

port.on('message', (m: ToQuery) => {
  if (m.type === 'stop') {
    clearInterval(timer);
    runner.close();
    port.close();
    return;
  }
  if (m.type === 'retention') {
    runner.setRetention(m.rawRetentionMinutes, m.retention);
    return;
  }
  if (m.type === 'maintain') {
    try {
      post({ type: 'result', id: m.id, ok: true, value: runner.maintain(true) });
    } catch (e) {
      post({ type: 'result', id: m.id, ok: false, error: { message: (e as Error).message, internal: true } });
    }
    return;
  }
  try {
    post({ type: 'result', id: m.id, ok: true, value: runner.run(m.req) });
  } catch (e) {
    if (e instanceof QueryError) post({ type: 'result', id: m.id, ok: false, error: { message: e.message, filter: e.filterError, internal: false } });
    else post({ type: 'result', id: m.id, ok: false, error: { message: e instanceof Error ? (e.stack ?? e.message) : String(e), internal: true } });
  }
});
post({ type: 'ready' });
