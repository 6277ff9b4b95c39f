// End to end: NetFlow v9 datagrams made by softflowd replayed over UDP on loopback at fixed
// rates (a ladder) into Podium's collector and store, every record sent counted against
// every record stored; nfcapd run side by side, in the same run, with the same socket
// buffer (-B). Then: disk and memory per million stored flows, top-N over everything
// stored (Podium against `nfdump -s` over nfcapd's files of the same ladder), the rollup
// worker's throughput, and top-N / series over one hour of lab-like flows.
//
//   npm run bench -- flows-e2e
//   node node_modules/.cache/podium-bench/test/bench/flows-e2e.js [--rates 200000,400000,…] [--seconds 3] [--buffer BYTES] [--hour-rate 1000] [--repeat 1]
//
// The sender is a child process (this file with --sender). On a 2-core machine it competes
// with the collector for the CPU: its own CPU use is printed for every step.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { readUdpDatagrams } from '../../core/flows/pcap.js';
import { FlowDecoder } from '../../core/flows/decoders/index.js';
import { FlowBatch } from '../../core/flows/record.js';
import { workerScript } from '../../core/flows/workers.js';
import type { CollectorConfig, FromCollector, ToCollector } from '../../core/flows/collector/types.js';
import { BlockWriter, FLOWS_DB, FLOWS_DB_MIGRATIONS, openFlowFile } from '../../core/flows/store/flowdb.js';
import { encodeBlock } from '../../core/flows/store/block.js';
import { segmentDir } from '../../core/flows/store/segments.js';
import { QueryRunner, type TopAnswer } from '../../core/flows/query/runner.js';
import { xorshift32 } from '../helpers/random.js';
import { DEFAULT_FLOWS_CORPUS, ensureFlowsCorpus } from './lib/flows-corpus.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Args {
  rates: number[];
  seconds: number;
  buffer: number;
  corpus: string;
  hourRate: number;
  repeat: number;
}

function args(): Args {
  const a: Args = {
    rates: [400_000, 600_000, 800_000, 1_000_000, 1_200_000, 1_400_000, 1_700_000, 2_000_000, 2_500_000],
    seconds: 3,
    buffer: 8 * 1024 * 1024,
    corpus: DEFAULT_FLOWS_CORPUS,
    hourRate: 1000,
    repeat: 1,
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
    else if (k === '--repeat') a.repeat = Math.max(1, Number(x));
    else continue;
    i++;
  }
  return a;
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

const TICK_S = 0.01; // /proc times are in clock ticks of 10 ms (USER_HZ 100)

/** CPU seconds (user + system) of a process, or of some of its threads. */
function cpuOf(pid: number, tids?: number[]): number {
  const one = (path: string) => {
    try {
      const f = readFileSync(path, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return (Number(rest[11]) + Number(rest[12])) * TICK_S; // utime, stime
    } catch {
      return 0;
    }
  };
  if (!tids) return one(`/proc/${pid}/stat`);
  return tids.reduce((s, t) => s + one(`/proc/${pid}/task/${t}/stat`), 0);
}

function threadsOf(pid: number): number[] {
  return readdirSync(`/proc/${pid}/task`).map(Number);
}

/** The socket's receive buffer and drop counter as the kernel shows them (ss -m). */
function socketMem(port: number): { rb: number; drops: number } | null {
  try {
    const out = execFileSync('ss', ['-uamn', 'sport', '=', `:${port}`]).toString();
    const m = /rb(\d+).*?d(\d+)\)/.exec(out);
    return m ? { rb: Number(m[1]), drops: Number(m[2]) } : null;
  } catch {
    return null;
  }
}

interface Sent {
  sent: number;
  took: number;
  cpu: number;
}

async function send(corpusFile: string, port: number, rate: number, seconds: number, perDgram: number): Promise<Sent> {
  const p = spawn(
    process.execPath,
    [new URL(import.meta.url).pathname, '--sender', corpusFile, String(port), String(rate), String(seconds), String(perDgram)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  p.stdout.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise((r) => p.once('exit', r));
  return JSON.parse(out.trim()) as Sent;
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
  const before = new Set(threadsOf(process.pid));
  const w = new Worker(workerScript('collector/worker.js'), { workerData: { config } });
  let stopped!: () => void;
  const done = new Promise<void>((r) => (stopped = r));
  const flushWaiters = new Map<number, () => void>();
  let dropped = 0;
  const ready = new Promise<{ port: number; rcvbuf: number | null }>((resolve, reject) => {
    w.on('message', (m: FromCollector) => {
      if (m.type === 'ready') resolve({ port: m.listeners[0]!.boundPort!, rcvbuf: m.listeners[0]!.receiveBufferBytes });
      if (m.type === 'stopped') stopped();
      if (m.type === 'flushed') flushWaiters.get(m.id)?.();
      if (m.type === 'tick') dropped = m.tick.store.droppedRows;
      if (m.type === 'log' && m.level !== 'info') console.log(`  collector: ${m.message}`);
    });
    w.once('error', reject);
  });
  const r = await ready;
  // the collector's threads: its receive thread and its store writer
  const tids = threadsOf(process.pid).filter((t) => !before.has(t));
  const db = new Database(join(dataDir, FLOWS_DB), { readonly: true });
  let nextId = 1;
  return {
    ...r,
    tids,
    cpu: () => cpuOf(process.pid, tids),
    droppedByWriter: () => dropped,
    async flush() {
      const id = nextId++;
      const p = new Promise<void>((res) => flushWaiters.set(id, res));
      w.postMessage({ type: 'flush', id } satisfies ToCollector);
      await Promise.race([p, sleep(10_000)]);
    },
    rows: () => (db.prepare(`SELECT coalesce(sum(rows), 0) AS n FROM blocks`).get() as { n: number }).n,
    bytes: () => (db.prepare(`SELECT coalesce(sum(size), 0) AS n FROM blocks`).get() as { n: number }).n,
    async stop() {
      db.close();
      w.postMessage({ type: 'stop' } satisfies ToCollector);
      await Promise.race([done, sleep(10_000)]);
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
  dir: string,
): Promise<{ sent: number; stored: number; took: number; cpu: number; senderCpu: number; rb: number | null }> {
  mkdirSync(dir, { recursive: true });
  const probe = createSocket('udp4');
  await new Promise<void>((r) => probe.bind(0, '127.0.0.1', () => r()));
  const port = probe.address().port;
  await new Promise<void>((r) => probe.close(() => r()));
  const p = spawn('nfcapd', ['-p', String(port), '-b', '127.0.0.1', '-w', dir, '-t', '3600', '-B', String(buffer)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  p.stdout.on('data', (d: Buffer) => (log += d.toString()));
  p.stderr.on('data', (d: Buffer) => (log += d.toString()));
  for (let i = 0; i < 100 && !log.includes('Startup'); i++) await sleep(50);
  const rb = socketMem(port)?.rb ?? null;
  const c0 = cpuOf(p.pid!);
  const s = await send(corpusFile, port, rate, seconds, perDgram);
  await sleep(1000);
  const cpu = cpuOf(p.pid!) - c0;
  p.kill('SIGTERM');
  for (let i = 0; i < 100 && p.exitCode === null; i++) await sleep(50);
  if (p.exitCode === null) p.kill('SIGKILL');
  const stat = execFileSync('nfdump', ['-R', dir, '-q', '-o', 'fmt:%pkt'], { maxBuffer: 1 << 30 }).toString();
  let stored = 0;
  for (let i = stat.indexOf('\n'); i >= 0; i = stat.indexOf('\n', i + 1)) stored++;
  return { sent: s.sent * perDgram, stored, took: s.took, cpu, senderCpu: s.cpu, rb };
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
const pct = (l: number, x: number) => `${((100 * l) / Math.max(1, x)).toFixed(2)} %`;
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const a = args();
  ensureFlowsCorpus(a.corpus, 'flows-e2e');
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
    `flows-e2e: corpus ${dgrams.length} NetFlow v9 datagrams from softflowd, ${records} records (${perDgram.toFixed(1)} per datagram, ${(dgrams.reduce((s, d) => s + d.length, 0) / dgrams.length).toFixed(0)} bytes), replayed in a loop`,
  );
  console.log(`machine: ${spawnSync('nproc').stdout.toString().trim()} cores; load average at start: ${load()}`);

  const before = rmemMax();
  const raised = before < a.buffer && process.getuid?.() === 0 ? setRmemMax(a.buffer) : false;
  console.log(
    `net.core.rmem_max ${before}${raised ? ` → ${a.buffer} for this run` : before < a.buffer ? ' (cannot raise it: the buffer is capped)' : ''}; SO_RCVBUF asked: ${a.buffer} by both (Podium receiveBufferBytes, nfcapd -B)`,
  );
  const nfBase = mkdtempSync(join(tmpdir(), 'podium-bench-nfcapd-'));
  const nfDirs: string[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-bench-flows-'));
  try {
    // the sender alone: how fast can it send (into a socket nobody drains)?
    const sink = createSocket('udp4');
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', () => r()));
    const top = await send(corpusFile, sink.address().port, 5_000_000, 2, perDgram);
    sink.close();
    const senderMax = (top.sent * perDgram) / top.took;
    console.log(
      `sender alone: ${M(senderMax)} records/s (${(top.sent / top.took / 1000).toFixed(0)} k datagrams/s, ${((100 * top.cpu) / top.took).toFixed(0)} % of a core) — rates above this are not offered`,
    );
    console.log(
      'the sender is a Node process on the same 2 cores: at each rate its CPU use is shown (sender %); the collector gets what is left.\n' +
        'Podium cpu = its receive thread + store writer thread; nfcapd cpu = its process.\n',
    );

    const col = await podiumCollector(dataDir, a.buffer);
    const prb = socketMem(col.port)?.rb ?? null;
    console.log(
      `Podium SO_RCVBUF: getRecvBufferSize() ${col.rcvbuf} (Linux reports twice what it grants) → ${col.rcvbuf ? col.rcvbuf / 2 : '?'} granted; ss shows rb ${prb}`,
    );
    console.log(`collector threads: ${col.tids.length} (receive, store writer)`);
    // JavaScript is compiled while it runs: give the collector's threads a warm-up, not counted
    // (nfcapd starts afresh at every step; it needs none)
    const w0 = col.rows();
    await send(corpusFile, col.port, 300_000, 2, perDgram);
    await col.flush();
    console.log(`warm-up: 2 s at 0.30 M records/s into Podium (${M(col.rows() - w0)} stored; not counted below)\n`);
    console.log('rate (rec/s)  | Podium sent → stored (loss)            offered  cpu   sender | nfcapd sent → stored (loss)            offered  cpu   sender');
    // a rate is loss-free when every step at it, and at every lower rate, stored all it was
    // sent, at ≥ 97 % of the rate asked (else the sender, not the collector, fell short)
    let podiumBest = 0;
    let nfBest = 0;
    let podiumClean = true;
    let nfClean = true;
    let podiumAny = 0;
    let nfAny = 0;
    let nfRb: number | null = null;
    const rssStart = process.memoryUsage().rss;
    let step = 0;
    for (const rate of a.rates) {
      if (rate > senderMax * 1.05) {
        console.log(`${String(rate).padStart(13)} | not offered: above what the sender reaches on this machine`);
        continue;
      }
      for (let rep = 0; rep < a.repeat; rep++) {
        const r0 = col.rows();
        const c0 = col.cpu();
        const d0 = col.droppedByWriter();
        const s = await send(corpusFile, col.port, rate, a.seconds, perDgram);
        await sleep(300);
        await col.flush();
        const cpu = col.cpu() - c0;
        const stored = col.rows() - r0;
        const sent = s.sent * perDgram;
        const nfDir = join(nfBase, `step${step++}`);
        nfDirs.push(nfDir);
        const nf = await nfcapdStep(corpusFile, rate, a.seconds, perDgram, a.buffer, nfDir);
        nfRb = nf.rb ?? nfRb;
        const pl = sent - stored;
        const nl = nf.sent - nf.stored;
        const pOk = pl === 0 && sent / s.took >= 0.97 * rate;
        const nOk = nl === 0 && nf.sent / nf.took >= 0.97 * rate;
        if (pl === 0) podiumAny = Math.max(podiumAny, sent / s.took);
        if (nl === 0) nfAny = Math.max(nfAny, nf.sent / nf.took);
        podiumClean &&= pOk;
        nfClean &&= nOk;
        if (podiumClean) podiumBest = rate;
        if (nfClean) nfBest = rate;
        const wd = col.droppedByWriter() - d0;
        const cell = (snt: number, st: number, l: number, took: number, c: number, sc: number) =>
          `${String(snt).padStart(8)} → ${String(st).padStart(8)} (${pct(l, snt).padStart(7)}) ${M(snt / took).padStart(8)}/s ${((100 * c) / took).toFixed(0).padStart(3)} % ${((100 * sc) / took).toFixed(0).padStart(4)} %`;
        console.log(
          `${String(rate).padStart(13)} | ${cell(sent, stored, pl, s.took, cpu, s.cpu)} | ${cell(nf.sent, nf.stored, nl, nf.took, nf.cpu, nf.senderCpu)} | ${(process.memoryUsage().rss / 1e6).toFixed(0).padStart(4)} MB${wd ? `  (Podium: ${wd} rows dropped by a late writer)` : ''}`,
        );
      }
    }
    console.log(`\nnfcapd SO_RCVBUF: ss shows rb ${nfRb} (twice what it was granted, as for Podium)`);
    console.log(
      `highest loss-free rate (every step at and below it without loss): Podium ${M(podiumBest)} records/s, nfcapd ${M(nfBest)} records/s (same corpus, same ${a.buffer}-byte socket buffer, same run)\n` +
        `highest rate with a loss-free step: Podium ${M(podiumAny)} records/s, nfcapd ${M(nfAny)} records/s`,
    );
    console.log(`load average after the ladder: ${load()}`);
    const rows = col.rows();
    const disk = col.bytes();
    const rss = process.memoryUsage().rss;
    const segBytes = dirBytes(segmentDir(dataDir));
    const dbBytes = ['flows.db', 'flows.db-wal'].reduce((s, f) => s + (existsSync(join(dataDir, f)) ? statSync(join(dataDir, f)).size : 0), 0);
    console.log(
      `\nstored: ${M(rows)} flows in ${(disk / 1e6).toFixed(1)} MB of blocks (segment files ${(segBytes / 1e6).toFixed(1)} MB, index flows.db ${(dbBytes / 1e6).toFixed(1)} MB) → ${((((segBytes + dbBytes) / rows) * 1e6) / 1e6).toFixed(1)} MB on disk per million flows (${(disk / rows).toFixed(1)} B/flow)`,
    );
    console.log(
      `memory: process RSS (bench + collector threads) ${(rssStart / 1e6).toFixed(0)} MB before the ladder, ${(rss / 1e6).toFixed(0)} MB after storing ${M(rows)} flows — flows live on disk; in memory: the receive buffer (4 MiB), the open block, spare column sets (≤ 4) and blocks waiting for the writer (≤ 32; 32,768 rows, ≈ 4.4 MB of columns each)`,
    );
    const nfBytes = nfDirs.reduce((s, d) => s + dirBytes(d), 0);
    console.log(`nfcapd's files for the whole ladder: ${(nfBytes / 1e6).toFixed(1)} MB`);
    await col.stop();

    // top-N over everything each stored
    const runner = new QueryRunner({ dataDir, rawRetentionMinutes: 100 * 365 * 24 * 60, retention: { minuteHours: 24, hourDays: 30 } });
    const all = { from: 0, to: 8.64e15 };
    const nfArgs = ['-R', nfBase, '-q', '-n', '10']; // -R reads the step directories below nfBase
    let nfFlows = 0;
    try {
      const c = execFileSync('nfdump', ['-R', nfBase, '-q', '-o', 'fmt:%pkt'], { maxBuffer: 1 << 30 }).toString();
      for (let i = c.indexOf('\n'); i >= 0; i = c.indexOf('\n', i + 1)) nfFlows++;
    } catch {
      nfFlows = 0;
    }
    console.log(`\ntop 10 over everything stored: Podium over ${M(rows)} flows, nfdump -s over nfcapd's ${M(nfFlows)} (all its ladder files)`);
    for (const [dims, nfStat] of [
      [['src'], 'srcip/bytes'],
      [['dstport'], 'dstport/bytes'],
      [['proto'], 'proto/bytes'],
    ] as [string[], string][]) {
      const times: number[] = [];
      let r: TopAnswer | null = null;
      for (let k = 0; k < 3; k++) {
        const t0 = performance.now();
        r = runner.run({ op: 'top', q: { ...all, filter: '', dims, metric: 'bytes', limit: 10 } }) as TopAnswer;
        times.push(performance.now() - t0);
      }
      times.sort((x, y) => x - y);
      const nt: number[] = [];
      for (let k = 0; k < 3; k++) {
        const n0 = performance.now();
        execFileSync('nfdump', [...nfArgs, '-s', nfStat], { maxBuffer: 1 << 28 });
        nt.push(performance.now() - n0);
      }
      nt.sort((x, y) => x - y);
      const pm = (ms: number, n: number) => (n ? `${((ms / n) * 1e6).toFixed(0)} ms/M` : '');
      console.log(
        `  by ${dims.join(' × ').padEnd(8)} Podium ${times[1]!.toFixed(0).padStart(5)} ms (${pm(times[1]!, r!.total.flows)}, ${r!.source}) | nfdump -s ${nfStat.padEnd(13)} ${nt[1]!.toFixed(0).padStart(5)} ms (${pm(nt[1]!, nfFlows)})   medians of 3`,
      );
    }
    // the rollup worker must keep up with the collector: its rate over these blocks
    const r0 = performance.now();
    let rolled = 0;
    while (performance.now() - r0 < 20_000) {
      const n = runner.maintain(false);
      if (n === 0) break;
      rolled += n;
    }
    const rs = (performance.now() - r0) / 1000;
    console.log(
      `rollups (the query worker, 1-min + 1-hour buckets and top talkers): ${rolled} blocks in ${rs.toFixed(1)} s → ${M((rolled * 32_768) / rs)} flows/s${rolled < rows / 32_768 - 1 ? ' (stopped after 20 s)' : ''}`,
    );
    runner.close();

    const hourDir = mkdtempSync(join(tmpdir(), 'podium-bench-hour-'));
    try {
      console.log(hourQuery(hourDir, a.hourRate));
    } finally {
      rmSync(hourDir, { recursive: true, force: true });
    }
    console.log(`\nload average at the end: ${load()}`);
  } finally {
    if (raised) setRmemMax(before);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(corpusFile, { force: true });
    rmSync(nfBase, { recursive: true, force: true });
  }
}

/** An hour of flows at `rate` flows/s (made like the lab's: sites, ports, protocols), then top-N queries over it. */
function hourQuery(dir: string, rate: number): string {
  const db = openFlowFile(dir, FLOWS_DB, FLOWS_DB_MIGRATIONS, { write: true });
  const w = new BlockWriter(db);
  const end = Date.now();
  const start = end - 3_600_000;
  const rnd = xorshift32(12345);
  const b = new FlowBatch(32_768);
  let total = 0;
  const t0 = performance.now();
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
  w.close();
  const writeS = (performance.now() - t0) / 1000;
  const size = (db.prepare(`SELECT sum(size) AS n FROM blocks`).get() as { n: number }).n;
  db.close();
  const runner = new QueryRunner({ dataDir: dir, rawRetentionMinutes: 120, retention: { minuteHours: 24, hourDays: 30 }, now: () => end });
  const lines = [
    `\none hour at ${rate} flows/s (${M(total)} flows, ${(size / 1e6).toFixed(0)} MB of blocks, ${(((size / total) * 1e6) / 1e6).toFixed(1)} MB per million; made and written in ${writeS.toFixed(1)} s):`,
  ];
  for (const [dims, filter] of [
    [['src'], ''],
    [['dstport'], ''],
    [['exporter', 'proto'], ''],
    [['src'], 'proto = tcp and dst in 203.0.113.0/25'],
  ] as [string[], string][]) {
    const times: number[] = [];
    let r: TopAnswer | null = null;
    for (let k = 0; k < 3; k++) {
      const q0 = performance.now();
      r = runner.run({ op: 'top', q: { from: start, to: end + 1, filter, dims, metric: 'bytes', limit: 10 } }) as TopAnswer;
      times.push(performance.now() - q0);
    }
    times.sort((x, y) => x - y);
    lines.push(`  top 10 by ${dims.join(' × ')}${filter ? ` where ${filter}` : ''}: ${times[1]!.toFixed(0)} ms (median of 3; ${r!.source})`);
  }
  const q0 = performance.now();
  runner.run({ op: 'series', q: { from: start, to: end, filter: '', dims: ['proto'], metric: 'bytes', limit: 5, previous: false } });
  lines.push(`  time series by proto (30 s steps): ${(performance.now() - q0).toFixed(0)} ms`);
  runner.close();
  return lines.join('\n');
}

/** The sender: replays the datagrams at `rate` records/s for `seconds`, sleeping when ahead (it never spins). */
function sender(): void {
  const [file, port, rate, seconds] = process.argv.slice(3);
  const payloads = JSON.parse(readFileSync(file!, 'utf8')) as string[];
  const bufs = payloads.map((h) => Buffer.from(h, 'hex'));
  const perDgram = Number(process.argv[7]);
  const dgramRate = Number(rate) / perDgram;
  const s = createSocket('udp4');
  s.bind(0, '127.0.0.1', async () => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const total = Math.round(dgramRate * Number(seconds));
    let sent = 0;
    let k = 0;
    const p = Number(port);
    while (sent < total) {
      const now = performance.now();
      if (now - t0 > Number(seconds) * 1000 * 3) break; // bounded
      const due = Math.min(total, Math.floor(((now - t0) / 1000) * dgramRate) + 1);
      while (sent < due) {
        s.send(bufs[k]!, p, '127.0.0.1');
        k = (k + 1) % bufs.length;
        sent++;
      }
      // ahead of the schedule: sleep (≈ 1 ms, then a burst catches up); behind: only let I/O run
      const ahead = sent < total && (sent / dgramRate) * 1000 > performance.now() - t0;
      await new Promise((r) => (ahead ? setTimeout(r, 1) : setImmediate(r)));
    }
    const took = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    await sleep(200);
    process.stdout.write(JSON.stringify({ sent, took, cpu: (c.user + c.system) / 1e6 }) + '\n');
    s.close();
  });
}

if (process.argv[2] === '--sender') sender();
else await main();
