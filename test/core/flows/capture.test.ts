import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeCapture, decodeCaptureBatches } from '../../../core/flows/decoders/capture.js';
import { FlowDecoder } from '../../../core/flows/decoders/index.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/flows/${name}.pcap`, import.meta.url));
const corpus = JSON.parse(readFileSync(new URL('../../fixtures/flows/corpus.json', import.meta.url), 'utf8')) as {
  captures: Record<string, { port: number; exported?: number; captured: number }>;
};

describe('decodeCapture', () => {
  it('decodes the softflowd and pmacct captures without errors, protocol recognised from the header', () => {
    for (const [name, proto] of [['netflow5', 'netflow5'], ['netflow9', 'netflow9'], ['ipfix', 'ipfix'], ['sflow', 'sflow5']] as const) {
      const d = decodeCapture(fixture(name));
      const recs = [...d];
      const t = d.stats.decoder.totals();
      expect(d.stats.datagrams[proto], name).toBe(corpus.captures[name]!.captured);
      expect(t.rejectedDatagrams, name).toBe(0);
      expect(t.lostDatagrams + t.lostRecords, name).toBe(0);
      expect(recs.length, name).toBe(t.records);
      if (corpus.captures[name]!.exported !== undefined) expect(recs.length, name).toBe(corpus.captures[name]!.exported);
      expect(recs.every((r) => r.exporter === '127.0.0.1'), name).toBe(true);
    }
  });

  it('forces a protocol family, filters ports, and skips non-flow datagrams', () => {
    const v9 = fixture('netflow9');
    expect([...decodeCapture(v9, { proto: 'sflow' })]).toHaveLength(0);
    const forced = decodeCapture(v9, { proto: 'netflow' });
    expect([...forced].length).toBeGreaterThan(0);
    const other = decodeCapture(v9, { ports: [1] });
    expect([...other]).toHaveLength(0);
    const d = decodeCapture(v9, { proto: 'ipfix' });
    expect([...d]).toHaveLength(0);
    expect(d.stats.notFlow).toBe(corpus.captures.netflow9!.captured);
  });

  it('yields a reused batch, and shares template state through a given decoder', () => {
    const dec = new FlowDecoder();
    let rows = 0;
    let batches = 0;
    for (const b of decodeCaptureBatches(fixture('ipfix'), { decoder: dec, batchSize: 64 })) {
      rows += b.length;
      batches++;
    }
    expect(batches).toBeGreaterThan(1);
    expect(rows).toBe(dec.stats.totals().records);
    expect(dec.templates.size()).toBeGreaterThan(0);
  });

  it('materialises extras when asked', () => {
    const recs = [...decodeCapture(fixture('ipfix'), { extras: true })];
    expect(recs[0]!.extras?.some((e) => e.name === 'flowEndReason')).toBe(true);
  });
});
