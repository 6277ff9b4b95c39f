// The transports the contract suite runs against: in-process and WebSocket.
import WebSocket from 'ws';
import { SocketClient, type RawPodium, type SocketLike } from '../../core/api/client.js';
import { serveHttp, type Served } from '../../core/host/http-server.js';
import type { Host } from '../../core/host/host.js';
import { rawOf } from './host.js';

export interface Transport {
  name: string;
  /** A new client connection to the host. */
  open(): RawPodium;
  close(): Promise<void>;
}

export function inProcess(host: Host): Transport {
  const conns: { close(): void }[] = [];
  return {
    name: 'in-process',
    open() {
      const c = host.connect('inproc');
      conns.push(c);
      return rawOf(c);
    },
    async close() {
      conns.forEach((c) => c.close());
    },
  };
}

export async function overWebSocket(host: Host): Promise<Transport & { served: Served }> {
  const served = await serveHttp(host, { port: 0, rendererDir: '/nonexistent' });
  const clients: SocketClient[] = [];
  return {
    name: 'websocket',
    served,
    open() {
      const c = new SocketClient({
        open: () => new WebSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`) as unknown as SocketLike,
        reconnect: false,
        callTimeoutMs: 30_000,
      });
      clients.push(c);
      return c;
    },
    async close() {
      clients.forEach((c) => c.close());
      await served.close();
    },
  };
}
