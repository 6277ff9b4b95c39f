// The browser shell's server: the renderer over HTTP, the contract over a WebSocket, and
// /healthz — on 127.0.0.1 by default, guarded by a per-start token and the login.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { rmSync, writeFileSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Host } from './host.js';
import { attachSocket } from './ws-transport.js';

export interface ServeOptions {
  host?: string;
  port?: number;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** Fixed token (tests); random per start otherwise. */
  token?: string;
}

export interface Served {
  /** The address to open, with its token. */
  url: string;
  baseUrl: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function sameToken(a: string | null, b: string): boolean {
  if (!a) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function serverInfoPath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

export async function serveHttp(host: Host, opts: ServeOptions): Promise<Served> {
  const bind = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(18).toString('base64url');
  const root = normalize(opts.rendererDir);

  async function serveFile(req: IncomingMessage, res: ServerResponse, pathname: string) {
    const rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    const file = normalize(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(404, SECURITY_HEADERS).end('not found');
      return;
    }
    try {
      const st = await stat(file);
      if (!st.isFile()) throw new Error('not a file');
      const body = await readFile(file);
      res.writeHead(200, {
        ...SECURITY_HEADERS,
        'Content-Type': MIME[extname(file)] ?? 'application/octet-stream',
        'Cache-Control': rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      if (rel === 'index.html') {
        res.writeHead(503, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('Podium: the renderer is not built. Run `npm run build`, then reload.\n');
      } else {
        res.writeHead(404, SECURITY_HEADERS).end('not found');
      }
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...SECURITY_HEADERS, Allow: 'GET, HEAD' }).end();
      return;
    }
    if (url.pathname === '/healthz') {
      const i = host.info();
      res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
      res.end(JSON.stringify({ status: 'ok', version: i.version, schemaVersion: i.schemaVersion, uptimeS: i.uptimeS }));
      return;
    }
    void serveFile(req, res, url.pathname);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 * 1024 });
  let port = opts.port ?? 7300;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const refuse = (status: number, why: string) => {
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\n${why}\n`);
    };
    if (url.pathname !== '/ws') return refuse(404, 'Not Found');
    if (!sameToken(url.searchParams.get('token'), token)) return refuse(401, 'Wrong or missing start token');
    // A page from another site must not reach the core through the user's browser.
    const origin = req.headers.origin;
    if (origin !== undefined) {
      const hostHeader = req.headers.host ?? '';
      if (origin !== `http://${hostHeader}`) return refuse(403, 'Cross-origin connection refused');
    }
    wss.handleUpgrade(req, socket, head, (ws) => attachSocket(host, ws));
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(`port ${port} on ${bind} is already in use (another Podium?); choose another with --port`)
          : e.code === 'EADDRNOTAVAIL'
            ? new Error(`cannot listen on ${bind}: no such local address`)
            : e,
      );
    };
    server.once('error', onError);
    server.listen(port, bind, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const addr = server.address();
  if (addr && typeof addr === 'object') port = addr.port;
  const hostPart = bind.includes(':') ? `[${bind}]` : bind === '0.0.0.0' ? '127.0.0.1' : bind;
  const baseUrl = `http://${hostPart}:${port}`;
  const url = `${baseUrl}/?token=${token}`;
  const infoFile = serverInfoPath(host.dataDir);
  writeFileSync(infoFile, JSON.stringify({ url, pid: process.pid }) + '\n', { mode: 0o600 });

  return {
    url,
    baseUrl,
    token,
    port,
    async close() {
      rmSync(infoFile, { force: true });
      for (const c of wss.clients) c.terminate();
      wss.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}
