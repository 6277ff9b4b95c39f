// `podium flows decode` and `podium flows listen` as a user runs them (bin/podium.js, built).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../../core/flows/decoders/capture.js';
import type { FlowRecord } from '../../../core/flows/record.js';
import { NetflowV9Encoder, ipv4, type ExportFlow } from '../../../core/flows/encoder.js';
import { BlockReader, FLOWS_DB, FLOWS_DB_MIGRATIONS, openFlowFile } from '../../../core/flows/store/flowdb.js';
import { BlockColumns, decodeBlock } from '../../../core/flows/store/block.js';
import { recordAt } from '../../../core/flows/record.js';
import { startHost, tempDir } from '../../helpers/host.js';
import { rmSync } from 'node:fs';

const BIN = join(import.meta.dirname, '..', '..', '..', 'bin', 'podium.js');
const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'flows');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = tempDir('podium-flows-cli-');
  dirs.push(d);
  return d;
};

function podium(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 256 << 20, env: { ...process.env, PODIUM_DATA: '' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const reference = (file: string, proto?: 'netflow' | 'ipfix' | 'sflow') => [...decodeCapture(readFileSync(file), proto ? { proto } : {})];

describe('podium flows decode', () => {
  it('prints a pcap’s records as one JSON array, with a summary on stderr', () => {
    const file = join(FIXTURES, 'netflow9.pcap');
    const r = podium('flows', 'decode', file);
    expect(r.code).toBe(0);
    const records = JSON.parse(r.out) as FlowRecord[];
    const want = reference(file);
    expect(records).toEqual(JSON.parse(JSON.stringify(want)));
    expect(records.length).toBeGreaterThan(100);
    expect(records[0]).toMatchObject({ source: 'netflow9', exporter: '127.0.0.1', family: expect.any(Number) });
    expect(r.err).toMatch(new RegExp(`^podium flows decode: ${want.length} records from \\d+ datagrams\\n$`));
  });

  it('--jsonl prints one record per line; pcapng reads the same as the pcap it came from', () => {
    const dir = tmp();
    const ng = join(dir, 'sflow.pcapng');
    execFileSync('editcap', ['-F', 'pcapng', join(FIXTURES, 'sflow.pcap'), ng], { stdio: 'ignore' });
    expect(readFileSync(ng).readUInt32LE(0)).toBe(0x0a0d0d0a);
    const a = podium('flows', 'decode', '--jsonl', join(FIXTURES, 'sflow.pcap'));
    const b = podium('flows', 'decode', ng, '--jsonl');
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    const lines = a.out.trimEnd().split('\n');
    expect(lines.length).toBe(reference(join(FIXTURES, 'sflow.pcap')).length);
    expect(lines.every((l) => (JSON.parse(l) as FlowRecord).source === 'sflow5')).toBe(true);
    expect(b.out).toBe(a.out);
  });

  it('recognises each datagram’s protocol on any port, unless --proto forces one', () => {
    const dir = tmp();
    const mixed = join(dir, 'mixed.pcap');
    execFileSync('mergecap', ['-F', 'pcap', '-w', mixed, join(FIXTURES, 'ipfix.pcap'), join(FIXTURES, 'sflow.pcap'), join(FIXTURES, 'netflow5.pcap')], {
      stdio: 'ignore',
    });
    const sniffed = podium('flows', 'decode', '--jsonl', mixed);
    expect(sniffed.code).toBe(0);
    const sources = new Set(
      sniffed.out
        .trimEnd()
        .split('\n')
        .map((l) => (JSON.parse(l) as FlowRecord).source),
    );
    expect([...sources].sort()).toEqual(['ipfix', 'netflow5', 'sflow5']);
    // forced: only that family is decoded (datagrams recognised as another are left out)
    const forced = podium('flows', 'decode', '--jsonl', '--proto', 'ipfix', mixed);
    expect(forced.code).toBe(0);
    const rs = forced.out
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as FlowRecord);
    expect(rs).toEqual(
      sniffed.out
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as FlowRecord)
        .filter((r) => r.source === 'ipfix'),
    );
    expect(rs.length).toBe(reference(mixed, 'ipfix').length);
    // NetFlow forced: v5 and v9 both
    const nf = podium('flows', 'decode', '--jsonl', '--proto', 'netflow', join(FIXTURES, 'netflow5.pcap'));
    expect(nf.out.trimEnd().split('\n').length).toBe(reference(join(FIXTURES, 'netflow5.pcap')).length);
  });

  it('a bad file, a missing one and a bad --proto end with a clear message and a non-zero exit', () => {
    const dir = tmp();
    const junk = join(dir, 'junk.pcap');
    writeFileSync(junk, Buffer.from('this is not a capture file at all, not even close'));
    const bad = podium('flows', 'decode', junk);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/podium flows decode: 0 records from 0 datagrams; the capture stops early at byte 0: \w+/);
    const cut = join(dir, 'cut.pcap');
    const whole = readFileSync(join(FIXTURES, 'netflow9.pcap'));
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const half = podium('flows', 'decode', '--jsonl', cut);
    expect(half.code).toBe(0); // what could be read is printed; the stop is reported
    expect(half.err).toMatch(/the capture stops early at byte \d+/);
    expect(half.out.trimEnd().split('\n').length).toBeGreaterThan(10);
    const missing = podium('flows', 'decode', join(dir, 'nope.pcap'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('cannot read');
    const proto = podium('flows', 'decode', '--proto', 'jflow', junk);
    expect(proto.code).toBe(2);
    expect(proto.err).toContain('--proto must be netflow, ipfix or sflow');
    expect(podium('flows', 'decode').code).toBe(2);
  });
});

function flows(n: number, now: number): ExportFlow[] {
  return Array.from({ length: n }, (_, k) => ({
    src: ipv4('10.9.0.0') + k,
    dst: ipv4('198.51.100.7'),
    srcPort: 30000 + k,
    dstPort: 443,
    proto: 6,
    bytes: 500 + k,
    packets: 3,
    startMs: now - 4000,
    endMs: now - 1000,
    tcpFlags: 0x1b,
    dscp: 0,
    inIf: 1,
    outIf: 2,
    vlan: 0,
    direction: 0,
  }));
}

function storedRows(dataDir: string): FlowRecord[] {
  const db = openFlowFile(dataDir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: false });
  const out: FlowRecord[] = [];
  const c = new BlockColumns();
  for (const b of new BlockReader(db).blocks(0, 8.64e15)) {
    if (!('data' in b)) continue;
    decodeBlock(b.data, c);
    for (let i = 0; i < c.length; i++) out.push(recordAt(c.batch, i));
  }
  db.close();
  return out;
}

describe('podium flows listen', () => {
  it('runs a headless collector into the data directory’s store until stopped', async () => {
    const dataDir = tmp();
    const p = spawn(process.execPath, [BIN, 'flows', 'listen', '--data', dataDir, '--ports', '0,0,0'], {
      env: { ...process.env, PODIUM_LOG: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => p.once('exit', (c) => r(c)));
    try {
      const t0 = Date.now();
      while (!/netflow\s+127\.0\.0\.1:\d+/.test(out) || !/sflow\s+127\.0\.0\.1:\d+/.test(out)) {
        if (Date.now() - t0 > 20_000 || p.exitCode !== null) throw new Error(`flows listen did not start:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(out).toContain(`data    ${dataDir}`);
      const port = Number(/netflow\s+127\.0\.0\.1:(\d+)/.exec(out)![1]);
      const now = Date.now();
      const s = createSocket('udp4');
      for (const d of new NetflowV9Encoder(5, now - 60_000).encode(flows(120, now), now))
        await new Promise<void>((r, j) => s.send(d, port, '127.0.0.1', (e) => (e ? j(e) : r())));
      s.close();
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      p.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const rows = storedRows(dataDir);
    expect(rows.length).toBe(120);
    expect(rows.map((r) => r.srcPort)).toEqual(flows(120, 0).map((f) => f.srcPort));
    expect(rows.every((r) => r.exporter === '127.0.0.1' && r.source === 'netflow9' && r.dstAddr === '198.51.100.7')).toBe(true);
  });

  it('refuses to run while a Podium runs on that directory, naming it', async () => {
    const th = await startHost({ dataDir: tmp(), flows: { portsOverride: [0] } });
    try {
      const r = podium('flows', 'listen', '--data', th.dataDir, '--ports', '0,0,0');
      expect(r.code).toBe(2);
      expect(r.err).toContain(`a Podium already runs on ${th.dataDir} (pid ${process.pid}`);
      expect(r.err).toContain('collects flows into this store itself');
    } finally {
      await th.close();
    }
  });
});
