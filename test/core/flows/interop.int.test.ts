// Interop: Podium's decoders against reference decoders on real exporter datagrams.
//  - field by field against tshark's dissection of the committed softflowd (NetFlow v5,
//    v9, IPFIX) and pmacct (sFlow v5) captures;
//  - byte/packet/flow totals against nfdump, reading what nfcapd collected when the same
//    v9/IPFIX datagrams are replayed to it over loopback UDP;
//  - a fresh corpus made by scripts/flows/make-corpus.mjs decodes cleanly and agrees
//    with tshark's record counts.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeCapture } from '../../../core/flows/decoders/capture.js';
import { readUdpDatagrams } from '../../../core/flows/pcap.js';
import { FlowDecoder } from '../../../core/flows/decoders/index.js';
import { FlowBatch, recordAt } from '../../../core/flows/record.js';
import type { FlowRecord } from '../../../core/flows/record.js';
import { cflowRecords, nfdumpTotals, sflowSamples, type Expected } from './tshark.js';

const FIXTURES = new URL('../../fixtures/flows/', import.meta.url);
const fixturePath = (name: string) => new URL(`${name}.pcap`, FIXTURES).pathname;
const corpus = JSON.parse(readFileSync(new URL('corpus.json', FIXTURES), 'utf8')) as {
  captures: Record<string, { port: number; captured: number }>;
};

const tmpDirs: string[] = [];
afterAll(() => { for (const d of tmpDirs) rmSync(d, { recursive: true, force: true }); });

/** Our records, per datagram. */
function decodePerDatagram(file: string): FlowRecord[][] {
  const dec = new FlowDecoder();
  const batch = new FlowBatch();
  const out: FlowRecord[][] = [];
  for (const d of readUdpDatagrams(readFileSync(file))) {
    batch.reset();
    const r = dec.decode(d.payload, d.src, d.tsMs, batch);
    expect(r.errors).toEqual([]);
    out.push(Array.from({ length: batch.length }, (_, i) => recordAt(batch, i)));
  }
  return out;
}

/**
 * Compare datagram by datagram. `prefix`: tshark stops a NetFlow v9 datagram after the
 * header's record count, which softflowd sets too low (it counts flowsets); Podium and
 * nfdump read every flowset up to the datagram's end, so there tshark's records must be
 * the first ones of ours.
 */
function compare(oursPer: FlowRecord[][], theirsPer: Expected[][], prefix = false): number {
  expect(oursPer.length).toBe(theirsPer.length);
  let extra = 0;
  const ours: FlowRecord[] = [];
  const theirs: Expected[] = [];
  for (let p = 0; p < theirsPer.length; p++) {
    const o = oursPer[p]!, t = theirsPer[p]!;
    if (prefix) expect(o.length, `datagram ${p}`).toBeGreaterThanOrEqual(t.length);
    else expect(o.length, `datagram ${p}`).toBe(t.length);
    extra += o.length - t.length;
    ours.push(...o.slice(0, t.length));
    theirs.push(...t);
  }
  expect(ours.length).toBeGreaterThan(0);
  for (let i = 0; i < theirs.length; i++) {
    const t = theirs[i]!;
    const o = ours[i]!;
    for (const [k, v] of Object.entries(t)) {
      const got = o[k as keyof FlowRecord];
      if ((k === 'startMs' || k === 'endMs') && typeof v === 'number') {
        expect(Math.abs((got as number) - v), `record ${i} ${k}: ${String(got)} vs ${v}`).toBeLessThan(0.01);
      } else {
        expect(got, `record ${i} field ${k}`).toEqual(v);
      }
    }
  }
  return extra;
}

const decodeAll = (file: string) => [...decodeCapture(readFileSync(file))];

describe('interop with tshark (field by field)', () => {
  for (const name of ['netflow5', 'netflow9', 'ipfix']) {
    it(`${name} from softflowd`, () => {
      const theirs = cflowRecords(fixturePath(name), corpus.captures[name]!.port);
      const extra = compare(decodePerDatagram(fixturePath(name)), theirs, name === 'netflow9');
      if (name !== 'netflow9') expect(extra).toBe(0);
    });
  }
  it('sflow from pmacct', () => {
    const theirs = sflowSamples(fixturePath('sflow'), corpus.captures.sflow!.port);
    compare(decodePerDatagram(fixturePath('sflow')), theirs);
  });
});

describe('interop with nfcapd/nfdump (totals)', () => {
  for (const name of ['netflow9', 'ipfix']) {
    it(`${name}: flows, bytes and packets agree`, async () => {
      const ours = decodeAll(fixturePath(name));
      const theirs = await nfdumpTotals(fixturePath(name), tmpDirs);
      expect(theirs.flows).toBeGreaterThan(0);
      expect({
        flows: ours.length,
        bytes: ours.reduce((a, r) => a + r.bytes, 0),
        packets: ours.reduce((a, r) => a + r.packets, 0),
      }).toEqual(theirs);
    });
  }
});

describe('pcapng written by Wireshark\'s editcap', () => {
  it('decodes to the same records as the pcap it was converted from', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-pcapng-'));
    tmpDirs.push(dir);
    for (const name of ['ipfix', 'sflow']) {
      const ng = join(dir, `${name}.pcapng`);
      execFileSync('editcap', ['-F', 'pcapng', fixturePath(name), ng], { stdio: 'ignore' });
      const bytes = readFileSync(ng);
      expect(bytes.readUInt32LE(0)).toBe(0x0a0d0d0a);
      const a = decodeAll(fixturePath(name));
      const b = decodeAll(ng);
      expect(b.length).toBeGreaterThan(0);
      // sFlow rows take the capture time: pcapng stores it at the same resolution.
      expect(b).toEqual(a);
    }
  });
});

describe('a fresh corpus from the real exporters', () => {
  it('make-corpus.mjs produces captures that decode cleanly and match tshark record counts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'podium-corpus-'));
    tmpDirs.push(dir);
    const script = new URL('../../../scripts/flows/make-corpus.mjs', import.meta.url).pathname;
    execFileSync('node', [script, '--out', dir, '--flows', '150', '--packets', '1200', '--seed', '11'], { stdio: 'ignore', timeout: 100_000 });
    const made = JSON.parse(readFileSync(join(dir, 'corpus.json'), 'utf8')) as typeof corpus;
    for (const name of ['netflow5', 'netflow9', 'ipfix', 'sflow']) {
      const file = join(dir, `${name}.pcap`);
      const d = decodeCapture(readFileSync(file));
      const ours = [...d];
      const t = d.stats.decoder.totals();
      expect(t.rejectedDatagrams, name).toBe(0);
      const theirs = name === 'sflow' ? sflowSamples(file, made.captures[name]!.port) : cflowRecords(file, made.captures[name]!.port);
      compare(decodePerDatagram(file), theirs, name === 'netflow9');
      expect(ours.length, name).toBeGreaterThan(0);
    }
  });
});
