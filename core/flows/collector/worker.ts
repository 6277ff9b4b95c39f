// The collector's worker thread: one CollectorEngine, driven by messages from the host.
import { parentPort, workerData } from 'node:worker_threads';
import { CollectorEngine } from './engine.js';
import type { CollectorConfig, FromCollector, ToCollector } from './types.js';

const port = parentPort;
if (!port) throw new Error('the collector runs in a worker thread');
const post = (m: FromCollector) => port.postMessage(m);
const engine = new CollectorEngine((workerData as { config: CollectorConfig }).config, post);

port.on('message', (m: ToCollector) => {
  if (m.type === 'stop') {
    void engine.stop().then(() => {
      post({ type: 'stopped' });
      port.close();
    });
  } else if (m.type === 'reconfigure') {
    engine
      .reconfigure(m.config)
      .catch((e: unknown) => post({ type: 'log', level: 'error', message: 'reconfiguring the collector failed', fields: { error: String(e) } }));
  } else if (m.type === 'flush') {
    // every block received so far written, then a tick with the counters
    void engine.flushed().then(() => {
      engine.tick();
      post({ type: 'flushed', id: m.id });
    });
  }
});

engine.start().catch((e: unknown) => {
  post({ type: 'log', level: 'error', message: 'the collector could not start', fields: { error: e instanceof Error ? e.message : String(e) } });
  post({ type: 'stopped' });
});
