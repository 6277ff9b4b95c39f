// Bad frames on the WebSocket get typed errors, and the socket stays up.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHost, type TestHost } from '../../helpers/host.js';
import { serveHttp, type Served } from '../../../core/host/http-server.js';
import { MAX_FRAME_BYTES } from '../../../core/api/wire.js';

let th: TestHost;
let served: Served;

beforeAll(async () => {
  th = await startHost();
  served = await serveHttp(th.host, { port: 0, rendererDir: '/nonexistent' });
});
afterAll(async () => {
  await served.close();
  await th.close();
});

/** A raw socket that collects frames. */
async function rawSocket(headers: Record<string, string> = {}) {
  const ws = new WebSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`, { headers });
  const frames: Record<string, unknown>[] = [];
  ws.on('message', (d) => frames.push(JSON.parse(String(d)) as Record<string, unknown>));
  await new Promise((r, j) => (ws.once('open', r), ws.once('error', j)));
  await expect.poll(() => frames.length).toBeGreaterThan(0); // hello
  const next = async (pred: (f: Record<string, unknown>) => boolean) => {
    await expect.poll(() => frames.some(pred)).toBe(true);
    return frames.find(pred)!;
  };
  return { ws, frames, next };
}

describe('WebSocket transport', () => {
  it('greets with product, version and schema version', async () => {
    const { ws, frames } = await rawSocket();
    expect(frames[0]).toMatchObject({ t: 'hello', product: 'Podium', schemaVersion: th.host.schemaVersion });
    ws.close();
  });

  it('answers invalid JSON, a binary frame, an unknown frame and an oversized frame with typed errors, and keeps the socket', async () => {
    const { ws, next } = await rawSocket();
    ws.send('{not json');
    expect(await next((f) => f['t'] === 'err' && (f['err'] as { code: string }).code === 'BAD_FRAME')).toBeTruthy();
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ t: 'launch', id: 7 }));
    const bad = await next((f) => f['t'] === 'res' && f['id'] === 7);
    expect(bad).toMatchObject({ ok: false, err: { code: 'BAD_FRAME' } });
    ws.send(JSON.stringify({ t: 'call', id: 8, cmd: 'system.info', input: { pad: 'x'.repeat(MAX_FRAME_BYTES) } }));
    const big = await next((f) => f['t'] === 'err' && (f['err'] as { code: string }).code === 'FRAME_TOO_LARGE');
    expect((big['err'] as { details: { limit: number } }).details.limit).toBe(MAX_FRAME_BYTES);
    ws.send(JSON.stringify({ t: 'call', id: 9, cmd: 'no.such', input: {} }));
    expect(await next((f) => f['id'] === 9)).toMatchObject({ ok: false, err: { code: 'UNKNOWN_COMMAND' } });
    ws.send(JSON.stringify({ t: 'call', id: 10, cmd: 'system.info', input: { unexpected: 1 } }));
    expect(await next((f) => f['id'] === 10)).toMatchObject({ ok: false, err: { code: 'BAD_INPUT' } });
    // still up
    ws.send(JSON.stringify({ t: 'call', id: 11, cmd: 'system.info', input: {} }));
    expect(await next((f) => f['id'] === 11)).toMatchObject({ ok: true, out: { product: 'Podium' } });
    expect(ws.readyState).toBe(WebSocket.OPEN);
    ws.close();
  });

  it('refuses a socket without the start token, and one from another origin', async () => {
    const noToken = new WebSocket(`ws://127.0.0.1:${served.port}/ws`);
    const status = await new Promise<number>((r) => noToken.once('unexpected-response', (_q, res) => r(res.statusCode ?? 0)));
    expect(status).toBe(401);
    const foreign = new WebSocket(`ws://127.0.0.1:${served.port}/ws?token=${served.token}`, { headers: { Origin: 'http://evil.example' } });
    const status2 = await new Promise<number>((r) => foreign.once('unexpected-response', (_q, res) => r(res.statusCode ?? 0)));
    expect(status2).toBe(403);
  });

  it('serves /healthz with status, version, schema version and uptime', async () => {
    const r = await fetch(`${served.baseUrl}/healthz`);
    const body = (await r.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['schemaVersion', 'status', 'uptimeS', 'version']);
    expect(body['status']).toBe('ok');
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('does not serve files outside the renderer', async () => {
    const r = await fetch(`${served.baseUrl}/..%2f..%2fetc%2fpasswd`);
    expect(r.status).toBe(404);
  });
});
