// The contract over a WebSocket: JSON frames (core/api/wire.ts) to and from a Connection.
// Every bad frame gets a typed error and the socket stays open.
import type { WebSocket, RawData } from 'ws';
import { clientFrame, MAX_FRAME_BYTES, type ServerFrame } from '../api/wire.js';
import type { Host } from './host.js';

/** Past this much unsent data, events for the socket are dropped (and counted) instead of queued. */
const MAX_BUFFERED = 8 * 1024 * 1024;

function size(data: RawData): number {
  if (Buffer.isBuffer(data)) return data.length;
  if (Array.isArray(data)) return data.reduce((n, b) => n + b.length, 0);
  return data.byteLength;
}

function text(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export function attachSocket(host: Host, ws: WebSocket): void {
  const conn = host.connect('ws');
  const dropped = new Map<number, number>();
  const send = (f: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(f));
  };
  send({ t: 'hello', product: 'Podium', version: host.version, schemaVersion: host.schemaVersion });

  let alive = true;
  ws.on('pong', () => (alive = true));
  const heartbeat = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, 30_000);
  heartbeat.unref();

  ws.on('message', (data, isBinary) => {
    if (isBinary) return send({ t: 'err', err: { code: 'BAD_FRAME', message: 'frames are JSON text, not binary' } });
    const n = size(data);
    if (n > MAX_FRAME_BYTES) {
      return send({
        t: 'err',
        err: {
          code: 'FRAME_TOO_LARGE',
          message: `a frame of ${n} bytes is over the limit of ${MAX_FRAME_BYTES} bytes`,
          details: { bytes: n, limit: MAX_FRAME_BYTES },
        },
      });
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text(data));
    } catch (e) {
      return send({ t: 'err', err: { code: 'BAD_FRAME', message: `the frame is not valid JSON (${(e as Error).message})` } });
    }
    const parsed = clientFrame.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { id?: unknown } | null)?.id;
      const err = { code: 'BAD_FRAME' as const, message: 'not a known frame: expected {t:"call"|"sub"|"unsub"|"ping", id, …}' };
      return typeof id === 'number' && Number.isInteger(id) && id >= 0 ? send({ t: 'res', id, ok: false, err }) : send({ t: 'err', err });
    }
    const f = parsed.data;
    switch (f.t) {
      case 'call':
        void conn
          .call(f.cmd, f.input)
          .then((r) => send(r.ok ? { t: 'res', id: f.id, ok: true, out: r.output } : { t: 'res', id: f.id, ok: false, err: r.error }));
        return;
      case 'sub': {
        let sub = -1;
        const r = conn.subscribe(f.topic, f.params, (ev) => {
          if (ws.bufferedAmount > MAX_BUFFERED) {
            dropped.set(sub, (dropped.get(sub) ?? 0) + 1);
            return;
          }
          const lost = dropped.get(sub);
          if (lost) {
            dropped.delete(sub);
            send({ t: 'lag', sub, dropped: lost });
          }
          send({ t: 'ev', sub, ev });
        });
        if (r.ok) sub = r.sub;
        return send(r.ok ? { t: 'res', id: f.id, ok: true, out: { sub: r.sub } } : { t: 'res', id: f.id, ok: false, err: r.error });
      }
      case 'unsub':
        conn.unsubscribe(f.sub);
        return send({ t: 'res', id: f.id, ok: true, out: { ok: true } });
      case 'ping':
        return send({ t: 'res', id: f.id, ok: true, out: { pong: Date.now() } });
    }
  });
  ws.on('close', () => {
    clearInterval(heartbeat);
    conn.close();
  });
  ws.on('error', () => ws.terminate());
}
