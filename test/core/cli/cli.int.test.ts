// The `podium` command as a user runs it: built, from bin/podium.js.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../../helpers/host.js';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'podium.js');

function podium(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, PODIUM_DATA: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('podium CLI', () => {
  it('prints its version and help', () => {
    expect(podium('--version').out).toMatch(/^podium \d+\.\d+\.\d+\n$/);
    const help = podium('--help');
    expect(help.code).toBe(0);
    for (const sub of ['podium start', 'podium serve', 'podium call']) expect(help.out).toContain(sub);
  });

  it('lists every command with its input as JSON Schema', () => {
    const r = podium('call', '--list');
    expect(r.code).toBe(0);
    const list = JSON.parse(r.out) as { name: string; inputSchema: { type?: string } }[];
    const create = list.find((c) => c.name === 'users.create');
    expect(create?.inputSchema.type).toBe('object');
    expect(list.map((c) => c.name)).toContain('auth.login');
  });

  it('runs a command in-process on a data directory, and prints typed errors with a non-zero exit', () => {
    const dir = tempDir();
    const ok = podium('call', '--data', dir, 'users.create', '{"username":"ops","role":"operator"}');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).user.username).toBe('ops');
    expect(ok.err).toContain('initial admin password');
    const bad = podium('call', '--data', dir, 'users.create', '{"username":"ops","role":"operator"}');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^error CONFLICT: user "ops" already exists/);
    const unknown = podium('call', '--data', dir, 'no.such');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('error UNKNOWN_COMMAND');
    const json = podium('call', '--data', dir, 'users.list', '{oops');
    expect(json.code).toBe(2);
    expect(json.err).toContain('not valid JSON');
    const asUser = podium('call', '--data', dir, '--user', 'admin', '--password', 'wrong', 'users.list');
    expect(asUser.code).toBe(1);
    expect(asUser.err).toContain('UNAUTHENTICATED');
  });

  it('refuses a corrupt database and a newer one with a clear message and exit 2, changing nothing', () => {
    const corrupt = tempDir();
    const junk = Buffer.alloc(8192, 0x41);
    writeFileSync(join(corrupt, 'podium.db'), junk);
    const r1 = podium('call', '--data', corrupt, 'system.info');
    expect(r1.code).toBe(2);
    expect(r1.err).toContain('is not a readable Podium database');
    expect(r1.err).not.toMatch(/\n\s+at /); // no stack trace

    const newer = tempDir();
    expect(podium('call', '--data', newer, 'system.info').code).toBe(0);
    const db = new Database(join(newer, 'podium.db'));
    db.prepare("INSERT INTO _migrations (capability, id, name, applied_at) VALUES ('auth', 99, 'from the future', 'x')").run();
    db.close();
    const r2 = podium('call', '--data', newer, 'system.info');
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('written by a newer Podium');
  });

  it('says so when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const r = podium('serve', '--data', tempDir(), '--port', String(port));
    blocker.close();
    expect(r.code).toBe(2);
    expect(r.err).toContain(`port ${port} on 127.0.0.1 is already in use`);
  });

  it('rejects unknown options with a hint', () => {
    const r = podium('serve', '--bogus');
    expect(r.code).toBe(2);
    expect(r.err).toContain('see podium --help');
  });
});
