// The store writer's thread, started by the collector's receive thread (engine.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { columnBuffers } from '../record.js';
import { StoreWriter } from './store-writer.js';
import type { FromWriter, ToWriter } from './types.js';

const port = parentPort;
if (!port) throw new Error('the store writer runs in a worker thread');
const post = (m: FromWriter, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer ?? []);
const w = new StoreWriter((workerData as { dataDir: string }).dataDir, post);

port.on('message', (m: ToWriter) => {
  w.handle(m, columnBuffers);
  if (m.type === 'stop') port.close();
});

try {
  w.start();
} catch (e) {
  post({ type: 'log', level: 'error', message: 'the flow store could not be opened', fields: { error: e instanceof Error ? e.message : String(e) } });
  post({ type: 'stopped' });
  port.close();
}
