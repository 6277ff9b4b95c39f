// The console state server: a Unix socket in a private directory (0700) through which
// each console program asks the core for its device's state. A console holds a token
// that names one device; the token ends with its terminal session.
//
// Protocol: one JSON object per line, at most 64 KiB a line.
//   → {"id":1,"op":"snapshot","token":"…"}          ← {"id":1,"ok":true,"state":DeviceState}
//   → {"id":2,"op":"ping","token":"…","destination":"10.0.0.1","count":5,"vrf":"IVRF-1"}  (vrf optional)
//                                                     ← {"id":2,"ok":true,"ping":PingAnswer}
//   ← {"id":n,"ok":false,"error":"…"}  (unknown token, device gone, bad request)
import { createServer, type Server, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ConsoleRegistry } from './registry.js';

const MAX_LINE = 64 * 1024;

export interface ConsoleGrant {
  socketPath: string;
  token: string;
  revoke(): void;
}

export class ConsoleStateServer {
  private server: Server | null = null;
  private dir: string | null = null;
  /** The listening socket, once: two consoles opened at once share it (and close finds it). */
  private starting: Promise<string> | null = null;
  private readonly tokens = new Map<string, string>();
  private readonly sockets = new Set<Socket>();

  constructor(private readonly registry: ConsoleRegistry) {}

  get socketPath(): string | null {
    return this.dir ? join(this.dir, 'consoles.sock') : null;
  }

  private ensure(): Promise<string> {
    this.starting ??= this.listen().catch((e: unknown) => {
      this.starting = null;
      throw e;
    });
    return this.starting;
  }

  private async listen(): Promise<string> {
    // Short and private: socket paths are limited to 108 bytes.
    const dir = mkdtempSync(join(tmpdir(), 'podium-consoles-'));
    const path = join(dir, 'consoles.sock');
    const server = createServer((s) => this.serve(s));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(path, () => resolve());
      });
    } catch (e) {
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
    this.dir = dir;
    this.server = server;
    return path;
  }

  /** A token for one device's console. */
  async grant(targetId: string): Promise<ConsoleGrant> {
    const socketPath = await this.ensure();
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, targetId);
    return { socketPath, token, revoke: () => this.tokens.delete(token) };
  }

  private answer(line: string): unknown {
    let req: { id?: unknown; op?: unknown; token?: unknown; destination?: unknown; count?: unknown; vrf?: unknown };
    try {
      req = JSON.parse(line) as typeof req;
    } catch {
      return { id: null, ok: false, error: 'not JSON' };
    }
    const id = typeof req.id === 'number' ? req.id : null;
    const targetId = typeof req.token === 'string' ? this.tokens.get(req.token) : undefined;
    if (!targetId) return { id, ok: false, error: 'this console is no longer authorised' };
    if (req.op === 'snapshot') {
      const state = this.registry.snapshot(targetId);
      return state ? { id, ok: true, state } : { id, ok: false, error: 'the device no longer exists' };
    }
    if (req.op === 'ping') {
      const destination = typeof req.destination === 'string' ? req.destination.slice(0, 64) : '';
      const count = typeof req.count === 'number' && Number.isInteger(req.count) ? Math.min(Math.max(req.count, 1), 100) : 5;
      const vrf = typeof req.vrf === 'string' && req.vrf ? req.vrf.slice(0, 64) : null;
      const ping = this.registry.ping(targetId, destination, count, vrf);
      return ping ? { id, ok: true, ping } : { id, ok: false, error: 'the device no longer exists' };
    }
    return { id, ok: false, error: 'unknown op' };
  }

  private serve(s: Socket): void {
    this.sockets.add(s);
    s.setEncoding('utf8');
    let buf = '';
    s.on('data', (chunk: string) => {
      buf += chunk;
      if (buf.length > MAX_LINE && !buf.includes('\n')) {
        s.destroy();
        return;
      }
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) s.write(JSON.stringify(this.answer(line)) + '\n');
      }
    });
    s.on('error', () => s.destroy());
    s.on('close', () => this.sockets.delete(s));
  }

  async close(): Promise<void> {
    // A server still starting is waited for, so that it is closed too.
    await this.starting?.catch(() => {});
    this.starting = null;
    this.tokens.clear();
    for (const s of this.sockets) s.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((r) => server.close(() => r()));
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = null;
  }
}
