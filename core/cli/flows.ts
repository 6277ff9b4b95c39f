// `podium flows decode FILE [--proto netflow|ipfix|sflow] [--jsonl]` — the flow records in a
// capture of exporter datagrams, as JSON; `podium flows listen [--data DIR] [--ports A,B,C]`
// — a headless collector into the data directory's flow store.
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { decodeCapture } from '../flows/decoders/capture.js';
import type { ProtocolFamily } from '../flows/decoders/sniff.js';
import { UsageError } from './usage.js';
import { defaultDataDir } from '../store/paths.js';
import { openHost } from './open-host.js';
import { createLogger } from '../host/log.js';
import { readLock } from '../store/lock.js';
import { serverInfoPath } from '../host/http-server.js';

async function decode(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { proto: { type: 'string' }, jsonl: { type: 'boolean', default: false }, extras: { type: 'boolean', default: false } },
    strict: true,
    allowPositionals: true,
  });
  const [file, ...more] = positionals;
  if (!file || more.length) throw new UsageError('decode one capture: podium flows decode FILE [--proto netflow|ipfix|sflow] [--jsonl]');
  const proto = values.proto;
  if (proto !== undefined && !['netflow', 'ipfix', 'sflow'].includes(proto)) throw new UsageError(`--proto must be netflow, ipfix or sflow, not "${proto}"`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    process.stderr.write(`podium flows decode: cannot read ${file}: ${(e as Error).message}\n`);
    return 1;
  }
  // A reader that stops early (`| head`) is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  const d = decodeCapture(bytes, { ...(proto ? { proto: proto as ProtocolFamily } : {}), extras: values.extras });
  const out: string[] = [];
  let n = 0;
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };
  if (!values.jsonl) process.stdout.write('[\n');
  for (const r of d) {
    out.push(values.jsonl ? JSON.stringify(r) + '\n' : (n ? ',\n' : '') + '  ' + JSON.stringify(r));
    n++;
    if (out.length >= 1000) flush();
  }
  flush();
  if (!values.jsonl) process.stdout.write(n ? '\n]\n' : ']\n');
  const s = d.stats;
  const t = s.decoder.totals();
  const errs = Object.entries(t.errors)
    .filter(([, v]) => v > 0)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  process.stderr.write(
    `podium flows decode: ${n} records from ${t.datagrams} datagrams` +
      (t.rejectedDatagrams ? `; ${t.rejectedDatagrams} with errors (${errs})` : '') +
      (s.capture.error ? `; the capture stops early at byte ${s.capture.error.offset}: ${s.capture.error.code} (${s.capture.error.detail})` : '') +
      '\n',
  );
  return s.capture.error && n === 0 ? 1 : 0;
}

async function listen(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, ports: { type: 'string' } }, strict: true, allowPositionals: false });
  let portsOverride: number[] | undefined;
  if (values.ports) {
    portsOverride = values.ports.split(',').map((p) => Number(p.trim()));
    if (portsOverride.some((p) => !Number.isInteger(p) || p < 0 || p > 65535))
      throw new UsageError(`--ports must be port numbers separated by commas, not "${values.ports}"`);
  }
  const dataDir = values.data ? resolve(values.data) : defaultDataDir();
  // One collector per flow store: a Podium running on this directory collects into it itself.
  const owner = readLock(dataDir);
  if (owner) {
    let url = '';
    try {
      url = (JSON.parse(readFileSync(serverInfoPath(dataDir), 'utf8')) as { url?: string }).url?.split('?')[0] ?? '';
    } catch {
      // not a browser shell (podium start, another flows listen)
    }
    process.stderr.write(
      `podium flows listen: a Podium already runs on ${dataDir} (pid ${owner.pid}${url ? `, serving ${url}` : ''}, started ${owner.startedAt}) ` +
        `and collects flows into this store itself — its listeners are on its Exporters page. ` +
        `Stop it first, or collect into another directory with --data.\n`,
    );
    return 2;
  }
  const host = await openHost(dataDir, createLogger(), { lab: false, flows: portsOverride ? { portsOverride } : {} });
  const flows = host.caps.flows;
  const out = (l: string) => process.stdout.write(l + '\n');
  out(`Podium ${host.version} — flow collector (headless)`);
  out(`  data    ${dataDir} (flows.db, flows-blocks/, flows-rollups.db)`);
  for (const l of flows.listeners()) out(`  ${l.proto.padEnd(8)}${l.address}:${l.boundPort ?? `${l.port} — ${l.error}`}`);
  if (!flows.listeners().some((l) => l.boundPort !== null)) {
    await host.close();
    process.stderr.write('podium flows listen: no listener could start\n');
    return 2;
  }
  const timer = setInterval(() => {
    const o = flows.overview();
    const c = o.current;
    if (c) out(`${new Date(c.t).toISOString()}  ${c.flowsPerSec.toFixed(0)} flows/s  ${(c.bitsPerSec / 1e6).toFixed(2)} Mbit/s  ${c.exporters} exporters`);
  }, 10_000);
  await new Promise<void>((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      clearInterval(timer);
      void host.close().then(done);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  return 0;
}

export async function runFlows(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'decode') return decode(rest);
  if (sub === 'listen') return listen(rest);
  throw new UsageError('flows what? decode FILE | listen');
}
