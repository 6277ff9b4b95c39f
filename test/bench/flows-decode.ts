// Decode benchmark: records/s on one core for NetFlow v9, IPFIX and sFlow v5, over
// corpora of real exporter datagrams (softflowd, pmacct), with a baseline measured in
// the same run (tshark dissecting the same datagrams) and GoFlow2's quoted figures.
// Prints figures; asserts nothing. See test/bench/README.md.
//
//   npm run bench -- flows-decode
//   node node_modules/.cache/podium-bench/test/bench/flows-decode.js [--seconds N] [--corpus DIR] [--only v9,ipfix,sflow] [--no-baseline]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FlowDecoder } from '../../core/flows/decoders/index.js';
import type { FlowProtocol } from '../../core/flows/decoders/index.js';
import { readUdpDatagrams } from '../../core/flows/pcap.js';
import { FlowBatch } from '../../core/flows/record.js';
import { DEFAULT_FLOWS_CORPUS, ensureFlowsCorpus } from './lib/flows-corpus.js';

interface Args { seconds: number; corpus: string; only: string[]; baseline: boolean }

function args(argv: string[]): Args {
  const a: Args = { seconds: 3, corpus: DEFAULT_FLOWS_CORPUS, only: ['v9', 'ipfix', 'sflow'], baseline: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i], v = argv[i + 1];
    if (k === '--seconds') { a.seconds = Number(v); i++; }
    else if (k === '--corpus') { a.corpus = String(v); i++; }
    else if (k === '--only') { a.only = String(v).split(','); i++; }
    else if (k === '--no-baseline') a.baseline = false;
  }
  return a;
}

// GoFlow2's decoders per core, as quoted by the issue for this kind of machine (not
// measured here: GoFlow2 cannot be built on these machines).
const GOFLOW2_QUOTED: Record<string, number> = { v9: 0.95e6, ipfix: 0.88e6, sflow: 0.73e6 };
const FILES: Record<string, { file: string; proto: FlowProtocol; dissector: 'cflow' | 'sflow'; capture: string }> = {
  v9: { file: 'netflow9.pcap', proto: 'netflow9', dissector: 'cflow', capture: 'netflow9' },
  ipfix: { file: 'ipfix.pcap', proto: 'ipfix', dissector: 'cflow', capture: 'ipfix' },
  sflow: { file: 'sflow.pcap', proto: 'sflow5', dissector: 'sflow', capture: 'sflow' },
};

interface Loaded { payloads: Uint8Array[]; exporter: string; records: number }

function load(path: string, proto: FlowProtocol): Loaded {
  const payloads: Uint8Array[] = [];
  let exporter = '';
  for (const d of readUdpDatagrams(readFileSync(path))) {
    payloads.push(d.payload);
    exporter = d.src;
  }
  // Count records once (templates are learnt on this pass too).
  const dec = new FlowDecoder();
  const batch = new FlowBatch(8192);
  let records = 0;
  for (const p of payloads) {
    records += dec.decode(p, exporter, 0, batch, proto).records;
    if (batch.length > 4096) batch.reset();
  }
  return { payloads, exporter, records };
}

/** Decode the corpus repeatedly for `seconds`; returns records/s (best of the rounds). */
function measure(l: Loaded, proto: FlowProtocol, seconds: number): { rate: number; rounds: number; nsPerRecord: number; datagramsPerSec: number } {
  const dec = new FlowDecoder();
  const batch = new FlowBatch(8192);
  const pass = () => {
    let n = 0;
    const ps = l.payloads;
    for (let i = 0; i < ps.length; i++) {
      n += dec.decode(ps[i]!, l.exporter, 0, batch, proto).records;
      if (batch.length > 4096) batch.reset();
    }
    return n;
  };
  // Warm up (JIT), and learn templates.
  const warmEnd = performance.now() + 500;
  while (performance.now() < warmEnd) pass();
  let best = 0, rounds = 0;
  const end = performance.now() + seconds * 1000;
  while (performance.now() < end) {
    const t0 = performance.now();
    const n = pass();
    const dt = (performance.now() - t0) / 1000;
    best = Math.max(best, n / dt);
    rounds++;
  }
  return { rate: best, rounds, nsPerRecord: 1e9 / best, datagramsPerSec: best * (l.payloads.length / l.records) };
}

/** tshark dissecting the same datagrams (first `limit`), records/s from wall time. */
function tsharkBaseline(path: string, port: number, dissector: string, datagrams: number): { rate: number; records: number } | null {
  const limit = Math.min(datagrams, dissector === 'sflow' ? 4000 : 3000);
  const field = dissector === 'cflow' ? 'cflow.octets' : 'sflow.flow_sample.sequence_number';
  const t0 = performance.now();
  let out: string;
  try {
    out = execFileSync('tshark', ['-n', '-r', path, '-c', String(limit), '-d', `udp.port==${port},${dissector}`, '-T', 'fields', '-e', field],
      { maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch {
    return null;
  }
  const dt = (performance.now() - t0) / 1000;
  let n = 0;
  for (const line of out.split('\n')) if (line) n += line.split(',').length;
  return { rate: n / dt, records: n };
}

const fmt = (r: number) => `${(r / 1e6).toFixed(2)} M`;

function main(): void {
  const a = args(process.argv.slice(2));
  ensureFlowsCorpus(a.corpus, 'flows-decode');
  const corpus = JSON.parse(readFileSync(join(a.corpus, 'corpus.json'), 'utf8')) as { captures: Record<string, { port: number }> };
  console.log(`flows-decode: Node ${process.version}, one core, corpus ${a.corpus}`);
  console.log('  Podium = this decoder (measured, best round); tshark = Wireshark 4.0 dissecting the same datagrams (measured now, incl. its start-up);');
  console.log('  GoFlow2 = figures quoted by the issue for GoFlow2 decoders per core (reference, NOT measured here).');
  console.log('protocol  datagrams  records   Podium rec/s  ns/rec  datagrams/s  | tshark rec/s (measured) | GoFlow2 rec/s (quoted) | Podium/GoFlow2');
  for (const k of a.only) {
    const f = FILES[k];
    if (!f) continue;
    const path = join(a.corpus, f.file);
    const l = load(path, f.proto);
    const m = measure(l, f.proto, a.seconds);
    const base = a.baseline ? tsharkBaseline(path, corpus.captures[f.capture]!.port, f.dissector, l.payloads.length) : null;
    const q = GOFLOW2_QUOTED[k]!;
    console.log(
      `${k.padEnd(8)}  ${String(l.payloads.length).padStart(9)}  ${String(l.records).padStart(7)}  ${fmt(m.rate).padStart(12)}  ${m.nsPerRecord.toFixed(0).padStart(6)}  ${fmt(m.datagramsPerSec).padStart(11)}  | ${(base ? fmt(base.rate) : 'n/a').padStart(23)} | ${fmt(q).padStart(22)} | ${(m.rate / q).toFixed(2)}×`,
    );
  }
}

main();
