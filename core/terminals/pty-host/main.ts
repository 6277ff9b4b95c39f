// The pty host as a separate process. Started by `child_process.fork` (plain Node) or by
// Electron's `utilityProcess.fork`; it speaks ./protocol.ts over whichever channel it was
// given. A native crash here takes down only this process: the core sees the channel close
// and reports it on every session. When its parent goes away it kills every process group
// it started and exits, so nothing is left behind.
import { PtyEngine } from './engine.js';
import type { FromPtyHost, ToPtyHost } from './protocol.js';

interface ParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(msg: FromPtyHost): void {
  if (parentPort) parentPort.postMessage(msg);
  else if (process.send && process.connected) process.send(msg);
}

const engine = new PtyEngine(post);
let stopping = false;

async function stop(graceMs: number, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  await engine.shutdown(graceMs);
  post({ t: 'down' });
  // Let the last message leave before exiting.
  setTimeout(() => process.exit(code), 50);
}

function onMessage(raw: unknown): void {
  const msg = raw as ToPtyHost;
  if (!msg || typeof msg !== 'object' || typeof msg.t !== 'string') return;
  if (msg.t === 'shutdown') {
    void stop(msg.graceMs, 0);
    return;
  }
  if (stopping) return;
  void engine.handle(msg);
}

if (parentPort) parentPort.on('message', (e) => onMessage(e.data));
else {
  process.on('message', onMessage);
  // The core went away (exited, crashed, killed): leave nothing behind.
  process.on('disconnect', () => void stop(300, 0));
}
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(sig, () => void stop(300, 0));

post({ t: 'ready', pid: process.pid });
