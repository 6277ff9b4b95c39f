// `podium call`: one contract command from the shell, in-process on a data directory or
// over a running browser shell's WebSocket.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import WebSocket from 'ws';
import { SocketClient, type SocketLike } from '../api/client.js';
import type { CallResult } from '../api/wire.js';
import type { WireError } from '../api/errors.js';
import { defaultDataDir } from '../store/paths.js';
import { readLock } from '../store/lock.js';
import { serverInfoPath } from '../host/http-server.js';
import { silentLogger } from '../host/log.js';
import { listCommands } from '../system/handlers.js';
import { announceInitialAdmin, openHost } from './open-host.js';
import { UsageError } from './usage.js';
import { hostOptionsFor } from '../host/lab-options.js';

interface CallArgs {
  list: boolean;
  url: string | null;
  dataDir: string;
  user: string | null;
  password: string | null;
  command: string;
  input: unknown;
}

export function parseCallArgs(argv: string[], env = process.env): CallArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      url: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      list: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.data && values.url) throw new UsageError('use either --data or --url, not both');
  const user = values.user ?? env['PODIUM_USER'] ?? null;
  const password = values.password ?? env['PODIUM_PASSWORD'] ?? null;
  if (user && password === null) throw new UsageError('--user needs --password (or PODIUM_PASSWORD)');
  if (values.url && !user) throw new UsageError('--url needs --user and --password (or PODIUM_USER / PODIUM_PASSWORD)');
  const base = { list: values.list, url: values.url ?? null, dataDir: resolve(values.data ?? defaultDataDir(env)), user, password };
  if (values.list) return { ...base, command: '', input: {} };
  const [command, json, ...rest] = positionals;
  if (!command) throw new UsageError('name a command, e.g. `podium call system.info` (see `podium call --list`)');
  if (rest.length > 0) throw new UsageError(`unexpected arguments after the JSON input: ${rest.join(' ')}`);
  let input: unknown = {};
  if (json !== undefined) {
    const text = json === '-' ? readFileSync(0, 'utf8') : json;
    try {
      input = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`the input is not valid JSON: ${(e as Error).message}`);
    }
  }
  return { ...base, command, input };
}

function wsUrl(url: string): string {
  const u = new URL(url);
  const token = u.searchParams.get('token');
  if (!token) throw new UsageError('the --url must carry the token printed by `podium serve` (…/?token=…)');
  return `${u.protocol === 'https:' ? 'wss:' : 'ws:'}//${u.host}/ws?token=${encodeURIComponent(token)}`;
}

async function viaSocket(url: string, a: CallArgs): Promise<CallResult> {
  const client = new SocketClient({ open: () => new WebSocket(wsUrl(url)) as unknown as SocketLike, reconnect: false, callTimeoutMs: 120_000 });
  try {
    if (a.user) {
      const login = await client.call('auth.login', { username: a.user, password: a.password });
      if (!login.ok) return login;
    }
    return await client.call(a.command, a.input);
  } finally {
    client.close();
  }
}

async function inProcess(a: CallArgs): Promise<CallResult> {
  const host = await openHost(a.dataDir, silentLogger, { ...hostOptionsFor(true), flows: { listen: false } });
  try {
    announceInitialAdmin(host, (l) => process.stderr.write(l + '\n'));
    const conn = host.connect('cli', { system: !a.user });
    if (a.user) {
      const login = await conn.call('auth.login', { username: a.user, password: a.password });
      if (!login.ok) return login;
    }
    return await conn.call(a.command, a.input);
  } finally {
    await host.close();
  }
}

function runningServer(dataDir: string): string | null {
  if (!readLock(dataDir)) return null;
  try {
    return (JSON.parse(readFileSync(serverInfoPath(dataDir), 'utf8')) as { url?: string }).url ?? null;
  } catch {
    return null;
  }
}

export function formatError(e: WireError): string {
  const details = e.details && Object.keys(e.details).length ? '\n' + JSON.stringify(e.details, null, 2) : '';
  return `error ${e.code}: ${e.message}${details}`;
}

export async function runCall(argv: string[]): Promise<number> {
  const a = parseCallArgs(argv);
  if (a.list) {
    process.stdout.write(JSON.stringify(listCommands(), null, 2) + '\n');
    return 0;
  }
  let result: CallResult;
  if (a.url) {
    result = await viaSocket(a.url, a);
  } else {
    const url = runningServer(a.dataDir);
    if (url && !a.user) {
      throw new UsageError(`a Podium is running on ${a.dataDir}: pass --user and --password to call it through ${url.split('?')[0]}`);
    }
    result = url ? await viaSocket(url, a) : await inProcess(a);
  }
  if (!result.ok) {
    process.stderr.write(formatError(result.error) + '\n');
    return 1;
  }
  process.stdout.write(JSON.stringify(result.output, null, 2) + '\n');
  return 0;
}
