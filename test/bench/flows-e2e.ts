// End to end: NetFlow v9 datagrams made by softflowd replayed over UDP on loopback at fixed
// rates (a ladder) into Podium's collector and store, every record sent counted against
// every record stored; nfcapd run side by side with the same socket buffer (-B). Then:
// memory and disk per million stored flows, and the time of top-N queries over an hour.
//
//   npm run bench -- flows-e2e
//   node node_modules/.cache/podium-bench/test/bench/flows-e2e.js [--rates 100000,200000,…] [--seconds 3] [--buffer BYTES] [--hour-rate 1000]
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
// the sender runs as a child process of this file (--sender), defined at the end
import { readUdpDatagrams } from '../../core/flows/pcap.js';
import { FlowDecoder } from '../../core/flows/decoders/index.js';
import { FlowBatch } from '../../core/flows/record.js';
import { workerScript } from '../../core/flows/workers.js';
import type { CollectorConfig, FromCollector } from '../../core/flows/collector/types.js';
import { BlockWriter, FLOWS_DB, FLOWS_DB_MIGRATIONS, openFlowFile } from '../../core/flows/store/flowdb.js';
import { encodeBlock } from '../../core/flows/store/block.js';
import { QueryRunner, type TopAnswer } from '../../core/flows/query/runner.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- the sender (a child process)

interface Args {
  rates: number[];
  seconds: number;
  buffer: number;
  corpus: string;
  hourRate: number;
}

function args(): Args {
  const a: Args = {
    rates: [100_000, 200_000, 400_000, 700_000, 1_000_000, 1_400_000],
    seconds: 3,
    buffer: 8 * 1024 * 1024,
    corpus: process.env['FLOWS_CORPUS_DIR'] ?? join(tmpdir(), 'podium-flows-corpus-v1'),
    hourRate: 1000,
  };
  const v = process.argv.slice(2);
  for (let i = 0; i < v.length; i++) {
    const k = v[i];
    const x = v[i + 1];
    if (k === '--rates') a.rates = String(x).split(',').map(Number);
    else if (k === '--seconds') a.seconds = Number(x);
    else if (k === '--buffer') a.buffer = Number(x);
    else if (k === '--corpus') a.corpus = String(x);
    else if (k === '--hour-rate') a.hourRate = Number(x);
    else continue;
    i++;
  }
  return a;
}

function ensureCorpus(dir: string): void {
  if (existsSync(join(dir, 'corpus.json'))) return;
  console.log(`flows-e2e: making the corpus in ${dir} (softflowd, pmacctd, tcpdump; ≈ 20 s)…`);
  const r = spawnSync(
    process.execPath,
    [
      join(process.cwd(), 'scripts/flows/make-corpus.mjs'),
      '--out',
      dir,
      '--flows',
      '50000',
      '--packets',
      '400000',
      '--seed',
      '1',
      '--only',
      'netflow9,ipfix,sflow',
    ],
    { stdio: 'inherit', timeout: 600_000 },
  );
  if (r.status !== 0) throw new Error('flows-e2e: could not make the corpus');
}

function rmemMax(): number {
  return Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim());
}
function setRmemMax(v: number): boolean {
  try {
    writeFileSync('/proc/sys/net/core/rmem_max', String(v));
    return rmemMax() === v;
  } catch {
    return false;
  }
}

async function send(corpusFile: string, port: number, rate: number, seconds: number, perDgram: number): Promise<{ sent: number; took: number }> {
  const p = spawn(
    process.execPath,
    [new URL(import.meta.url).pathname, '--sender', corpusFile, String(port), String(rate), String(seconds), String(perDgram)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => p.once('exit', r));
  return JSON.parse(out.trim()) as { sent: number; took: number };
}

// ---------------------------------------------------------------- Podium

async function podiumCollector(dataDir: string, buffer: number) {
  const config: CollectorConfig = {
    dataDir,
    listeners: [{ proto: 'netflow', address: '127.0.0.1', port: 0 }],
    receiveBufferBytes: buffer,
    rawRetentionMinutes: 24 * 60,
    blockRows: 32_768,
    flushMs: 1000,
    collectorSets: [],
  };
  const w = new Worker(workerScript('collector/worker.js'), { workerData: { config } });
  let stopped!: () => void;
  const done = new Promise<void>((r) => (stopped = r));
  const ready = new Promise<{ port: number; rcvbuf: number | null }>((resolve, reject) => {
    w.on('message', (m: FromCollector) => {
      if (m.type === 'ready') resolve({ port: m.listeners[0]!.boundPort!, rcvbuf: m.listeners[0]!.receiveBufferBytes });
      if (m.type === 'stopped') stopped();
      if (m.type === 'log' && m.level !== 'info') console.log(`  collector: ${m.message}`);
    });
    w.once('error', reject);
  });
  const r = await ready;
  const db = new Database(join(dataDir, FLOWS_DB), { readonly: true });
  return {
    ...r,
    rows: () => (db.prepare(`SELECT coalesce(sum(rows), 0) AS n FROM blocks`).get() as { n: number }).n,
    bytes: () => (db.prepare(`SELECT coalesce(sum(size), 0) AS n FROM blocks`).get() as { n: number }).n,
    async stop() {
      db.close();
      w.postMessage({ type: 'stop' });
      await Promise.race([done, sleep(5000)]);
      await w.terminate();
    },
  };
}

// ---------------------------------------------------------------- nfcapd

async function nfcapdStep(
  corpusFile: string,
  rate: number,
  seconds: number,
  perDgram: number,
  buffer: number,
): Promise<{ sent: number; stored: number; took: number; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'podium-bench-nfcapd-'));
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
  const port = probe.address().port;
  await new Promise<void>((r) => probe.close(() => r()));
  const p = spawn('nfcapd', ['-p', String(port), '-b', '127.0.0.1', '-w', dir, '-t', '3600', '-B', String(buffer)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  p.stdout.on('data', (d: Buffer) => (log += d.toString()));
  p.stderr.on('data', (d: Buffer) => (log += d.toString()));
  for (let i = 0; i < 100 && !log.includes('Startup'); i++) await sleep(50);
  const s = await send(corpusFile, port, rate, seconds, perDgram);
  await sleep(1000);
  p.kill('SIGTERM');
  for (let i = 0; i < 100 && p.exitCode === null; i++) await sleep(50);
  if (p.exitCode === null) p.kill('SIGKILL');
  const stat = execFileSync('nfdump', ['-R', dir, '-q', '-o', 'fmt:%pkt'], { maxBuffer: 1 << 30 }).toString();
  let stored = 0;
  for (let i = stat.indexOf('\n'); i >= 0; i = stat.indexOf('\n', i + 1)) stored++;
  return { sent: s.sent * perDgram, stored, took: s.took, dir };
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const f of readdirSync(dir, { recursive: true }) as string[]) {
    const st = statSync(join(dir, f));
    if (st.isFile()) n += st.size;
  }
  return n;
}

const M = (x: number) => `${(x / 1e6).toFixed(2)} M`;

async function main(): Promise<void> {
  const a = args();
  ensureCorpus(a.corpus);
  // v9 datagrams of the corpus, each with its record count (every datagram has the same template state after the first)
  const dgrams = [...readUdpDatagrams(readFileSync(join(a.corpus, 'netflow9.pcap')))].map((d) => Buffer.from(d.payload));
  const dec = new FlowDecoder();
  const batch = new FlowBatch();
  let records = 0;
  for (const d of dgrams) records += dec.decode(d, '127.0.0.1', Date.now(), batch).records;
  batch.reset();
  const perDgram = records / dgrams.length;
  const corpusFile = join(tmpdir(), `podium-bench-v9-${process.pid}.json`);
  writeFileSync(corpusFile, JSON.stringify(dgrams.map((d) => d.toString('hex'))));
  console.log(
    `flows-e2e: corpus ${dgrams.length} NetFlow v9 datagrams from softflowd, ${records} records (${perDgram.toFixed(1)} per datagram), replayed in a loop`,
  );

  const before = rmemMax();
  const raised = before < a.buffer && process.getuid?.() === 0 ? setRmemMax(a.buffer) : false;
  console.log(
    `net.core.rmem_max ${before}${raised ? ` → ${a.buffer} for this run` : before < a.buffer ? ' (cannot raise it: the buffer is capped)' : ''}; SO_RCVBUF asked: ${a.buffer} (nfcapd -B ${a.buffer})`,
  );
  const nfcapdDirs: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-bench-flows-'));
  try {
    // the sender alone: how fast can it send (into a socket nobody drains)?
    const sink = createSocket('udp4');
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
    const top = await send(corpusFile, sink.address().port, 5_000_000, 2, perDgram);
    sink.close();
    const senderMax = (top.sent * perDgram) / top.took;
    console.log(`sender alone: ${M(senderMax)} records/s (${(top.sent / top.took / 1000).toFixed(0)} k datagrams/s) — rates above this are not offered`);

    console.log('\nrate (rec/s) | Podium sent → stored  (loss)            | nfcapd sent → stored  (loss)');
    const col = await podiumCollector(dataDir, a.buffer);
    console.log(`Podium SO_RCVBUF as reported by the kernel: ${col.rcvbuf} (Linux doubles what it grants)`);
    let podiumBest = 0;
    let nfBest = 0;
    const rssStart = process.memoryUsage().rss;
    let nfLast: string | null = null;
    for (const rate of a.rates) {
      if (rate > senderMax * 1.05) {
        console.log(`${String(rate).padStart(12)} | not offered: above what the sender reaches on this machine`);
        continue;
      }
      const r0 = col.rows();
      const s = await send(corpusFile, col.port, rate, a.seconds, perDgram);
      await sleep(1600);
      const stored = col.rows() - r0;
      const sent = s.sent * perDgram;
      const nf = await nfcapdStep(corpusFile, rate, a.seconds, perDgram, a.buffer);
      nfcapdDirs.push(nf.dir);
      nfLast = nf.dir;
      const pl = sent - stored;
      const nl = nf.sent - nf.stored;
      if (pl === 0) podiumBest = Math.max(podiumBest, sent / s.took);
      if (nl === 0) nfBest = Math.max(nfBest, nf.sent / nf.took);
      const pct = (l: number, x: number) => `${((100 * l) / Math.max(1, x)).toFixed(2)} %`;
      console.log(
        `${String(rate).padStart(12)} | ${String(sent).padStart(9)} → ${String(stored).padStart(9)} (${pct(pl, sent).padStart(7)}, ${M(sent / s.took)}/s offered) | ${String(nf.sent).padStart(9)} → ${String(nf.stored).padStart(9)} (${pct(nl, nf.sent).padStart(7)})`,
      );
    }
    console.log(
      `\nhighest loss-free rate: Podium ${M(podiumBest)} records/s, nfcapd ${M(nfBest)} records/s (same corpus, same ${a.buffer}-byte socket buffer, same run)`,
    );
    const rows = col.rows();
    const disk = col.bytes();
    const rss = process.memoryUsage().rss;
    console.log(
      `\nstored: ${M(rows)} flows in ${(disk / 1e6).toFixed(1)} MB of blocks → ${(((disk / rows) * 1e6) / 1e6).toFixed(1)} MB on disk per million flows (${(disk / rows).toFixed(1)} B/flow)`,
    );
    console.log(
      `process RSS (host + collector worker): ${(rssStart / 1e6).toFixed(0)} MB before the ladder, ${(rss / 1e6).toFixed(0)} MB after storing ${M(rows)} flows — flows live on disk, not in memory (the open block ≤ 32,768 rows)`,
    );
    if (nfLast) console.log(`nfcapd's files for its last step: ${(dirBytes(nfLast) / 1e6).toFixed(1)} MB`);
    await col.stop();

    // top-N over what both stored (the same corpus), and over an hour at a realistic density
    const runner = new QueryRunner({ dataDir, rawRetentionMinutes: 100 * 365 * 24 * 60, retention: { minuteHours: 24, hourDays: 30 } });
    const all = { from: 0, to: 8.64e15 };
    for (const dims of [['src'], ['proto', 'dstport']]) {
      const t0 = performance.now();
      const r = runner.run({ op: 'top', q: { ...all, filter: '', dims, metric: 'bytes', limit: 10 } }) as TopAnswer;
      const pt = performance.now() - t0;
      let nt = NaN;
      if (nfLast) {
        const n0 = performance.now();
        execFileSync('nfdump', ['-R', nfLast, '-q', '-n', '10', '-s', dims[0] === 'src' ? 'srcip/bytes' : 'proto/bytes'], { maxBuffer: 1 << 28 });
        nt = performance.now() - n0;
      }
      console.log(
        `top 10 by ${dims.join(' × ')} over everything stored (${M(r.total.flows)} flows): Podium ${pt.toFixed(0)} ms; nfdump -s over its last step's files: ${nt.toFixed(0)} ms`,
      );
    }
    runner.close();

    const hourDir = mkdtempSync(join(tmpdir(), 'podium-bench-hour-'));
    try {
      const n = hourQuery(hourDir, a.hourRate);
      console.log(n);
    } finally {
      rmSync(hourDir, { recursive: true, force: true });
    }
  } finally {
    if (raised) setRmemMax(before);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(corpusFile, { force: true });
    for (const d of nfcapdDirs) rmSync(d, { recursive: true, force: true });
  }
}

/** An hour of flows at `rate` flows/s (made like the lab's: sites, ports, protocols), then top-N queries over it. */
function hourQuery(dir: string, rate: number): string {
  const db = openFlowFile(dir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: true });
  const w = new BlockWriter(db);
  const end = Date.now();
  const start = end - 3_600_000;
  let s = 12345;
  const rnd = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
  const b = new FlowBatch(32_768);
  let total = 0;
  const t0 = performance.now();
  db.exec('BEGIN');
  for (let sec = 0; sec < 3600; sec++) {
    for (let k = 0; k < rate; k++) {
      b.ensure(1);
      const i = b.pushBlank();
      b.family[i] = 4;
      b.srcAddr.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 10, Math.floor(rnd() * 8), Math.floor(rnd() * 16), Math.floor(rnd() * 250)], i * 16);
      b.dstAddr.set([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, 203, 0, 113, Math.floor(rnd() * 250)], i * 16);
      b.exporter[i] = b.exporterId(`127.24.0.${16 + Math.floor(rnd() * 12)}`);
      b.endMs[i] = start + sec * 1000 + rnd() * 1000;
      b.startMs[i] = b.endMs[i]! - rnd() * 30_000;
      b.bytes[i] = b.bytesScaled[i] = Math.floor(60 + rnd() * rnd() * 1e6);
      b.packets[i] = b.packetsScaled[i] = 1 + Math.floor(rnd() * 700);
      b.proto[i] = rnd() < 0.7 ? 6 : rnd() < 0.9 ? 17 : 1;
      b.srcPort[i] = 32768 + Math.floor(rnd() * 28000);
      b.dstPort[i] = [443, 80, 53, 445, 3389, 22, 5004, 993][Math.floor(rnd() * rnd() * 8)]!;
      b.inIf[i] = 2;
      b.outIf[i] = 1;
      b.source[i] = 9;
      total++;
      if (b.length >= 32_768) {
        const e = encodeBlock(b);
        w.write(e.data, e.summary, b.endMs[b.length - 1]!);
        b.reset();
      }
    }
  }
  if (b.length) {
    const e = encodeBlock(b);
    w.write(e.data, e.summary, end);
  }
  db.exec('COMMIT');
  const writeS = (performance.now() - t0) / 1000;
  const size = (db.prepare(`SELECT sum(size) AS n FROM blocks`).get() as { n: number }).n;
  db.close();
  const runner = new QueryRunner({ dataDir: dir, rawRetentionMinutes: 120, retention: { minuteHours: 24, hourDays: 30 }, now: () => end });
  const lines = [
    `\none hour at ${rate} flows/s (${M(total)} flows, ${(size / 1e6).toFixed(0)} MB of blocks, ${(((size / total) * 1e6) / 1e6).toFixed(1)} MB per million; written in ${writeS.toFixed(1)} s):`,
  ];
  for (const [dims, filter] of [
    [['src'], ''],
    [['dstport'], ''],
    [['exporter', 'proto'], ''],
    [['src'], 'proto = tcp and dst in 203.0.113.0/25'],
  ] as [string[], string][]) {
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const q0 = performance.now();
      runner.run({ op: 'top', q: { from: start, to: end + 1, filter, dims, metric: 'bytes', limit: 10 } });
      times.push(performance.now() - q0);
    }
    times.sort((x, y) => x - y);
    lines.push(`  top 10 by ${dims.join(' × ')}${filter ? ` where ${filter}` : ''}: ${times[1]!.toFixed(0)} ms (median of 3)`);
  }
  const q0 = performance.now();
  runner.run({ op: 'series', q: { from: start, to: end, filter: '', dims: ['proto'], metric: 'bytes', limit: 5, previous: false } });
  lines.push(`  time series by proto (30 s steps): ${(performance.now() - q0).toFixed(0)} ms`);
  runner.close();
  return lines.join('\n');
}

function sender(): void {
  const [file, port, rate, seconds] = process.argv.slice(3);
  const payloads = JSON.parse(readFileSync(file!, 'utf8')) as string[];
  const bufs = payloads.map((h) => Buffer.from(h, 'hex'));
  const perDgram = Number(process.argv[7]);
  const dgramRate = Number(rate) / perDgram;
  const s = createSocket('udp4');
  s.bind(0, '127.0.0.1', async () => {
    const t0 = performance.now();
    const total = Math.round(dgramRate * Number(seconds));
    let sent = 0;
    let k = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * dgramRate) + 1);
      while (sent < due) {
        s.send(bufs[k]!, Number(port), '127.0.0.1');
        k = (k + 1) % bufs.length;
        sent++;
      }
      if (performance.now() - t0 > Number(seconds) * 1000 * 3) break; // bounded
      await new Promise((r) => setImmediate(r));
    }
    const took = (performance.now() - t0) / 1000;
    await sleep(200);
    process.stdout.write(JSON.stringify({ sent, took }) + '\n');
    s.close();
  });
}

if (process.argv[2] === '--sender') sender();
else await main();
