import { describe, expect, it } from 'vitest';
import { FlowDecoder } from '../../../core/flows/decoders/index.js';
import { FlowBatch, recordAt } from '../../../core/flows/record.js';
import { concat, set, v4Record, V4_FIELDS, V4_RECORD_LEN, v9, v9OptionsTemplateSet, v9TemplateSet, W } from './build.js';

const A = '192.0.2.1';
const B = '192.0.2.2';
const T = 1_768_478_400; // export time, unix seconds

function setup() {
  const dec = new FlowDecoder();
  const batch = new FlowBatch(16);
  const run = (bytes: Uint8Array, exporter = A) => dec.decode(bytes, exporter, T * 1000 + 5, batch, 'netflow');
  const ctr = (exporter = A) => dec.stats.exporter(exporter).counters;
  return { dec, batch, run, ctr };
}

describe('NetFlow v9', () => {
  it('decodes a template and its data in one datagram, every column', () => {
    const { batch, run, ctr } = setup();
    const r = run(v9({ sysUptime: 100_000, seq: 1, sourceId: 7 }, v9TemplateSet([256, V4_FIELDS]), set(256, v4Record())));
    expect(r.errors).toEqual([]);
    expect(r.records).toBe(1);
    expect(r.protocol).toBe('netflow9');
    const rec = recordAt(batch, 0, { extras: true });
    expect(rec).toMatchObject({
      source: 'netflow9', exporter: A, domain: 7, srcAddr: '10.0.0.1', dstAddr: '192.0.2.9', family: 4, srcPort: 40000,
      dstPort: 443, proto: 6, tcpFlags: 0x1b, dscp: 46, inIf: 3, outIf: 7, bytes: 1500, packets: 3, bytesScaled: 1500,
      packetsScaled: 3, samplingRate: 1, direction: 'ingress', vlan: null, srcMac: null,
      // first = 90 000 ms of uptime, header uptime 100 000 at T: started 10 s before export.
      startMs: T * 1000 - 10_000, endMs: T * 1000 - 1_000,
    });
    expect(rec.extras).toEqual([]);
    expect(ctr()).toMatchObject({ datagrams: 1, records: 1, templates: 1, rejectedDatagrams: 0 });
  });

  it('decodes several data flowsets, padding, and templates sent in a later datagram', () => {
    const { batch, run, ctr } = setup();
    // Data before its template: dropped and counted.
    let r = run(v9({ seq: 1 }, set(256, v4Record())));
    expect(r.records).toBe(0);
    expect(r.errors.map((e) => e.code)).toEqual(['UNKNOWN_TEMPLATE']);
    expect(ctr().unknownTemplateSets).toBe(1);
    expect(ctr().unknownTemplateBytes).toBe(4 + V4_RECORD_LEN);
    // Template, then two data flowsets with 3 and 2 records, padded to 4 bytes.
    r = run(v9({ seq: 2 }, v9TemplateSet([256, V4_FIELDS]),
      set(256, concat(v4Record({ sp: 1 }), v4Record({ sp: 2 }), v4Record({ sp: 3 })), true),
      set(256, concat(v4Record({ sp: 4 }), v4Record({ sp: 5 })), true)));
    expect(r.errors).toEqual([]);
    expect(r.records).toBe(5);
    expect([...Array(5).keys()].map((i) => recordAt(batch, i).srcPort)).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports one UNKNOWN_TEMPLATE per datagram, counts every dropped set, and gives up on garbage', () => {
    const { run, ctr } = setup();
    const r = run(v9({}, set(300, v4Record()), set(301, v4Record()), set(300, v4Record())));
    expect(r.errors.map((e) => e.code)).toEqual(['UNKNOWN_TEMPLATE']);
    expect(ctr().unknownTemplateSets).toBe(3);
    expect(ctr().errors.UNKNOWN_TEMPLATE).toBe(1);
    // 40 sets with a reserved id: 16 errors, then the rest of the datagram is skipped.
    const junk = run(v9({}, ...Array.from({ length: 40 }, () => set(9, new Uint8Array(4)))));
    expect(junk.errors).toHaveLength(17);
    expect(junk.errors[16]?.detail).toMatch(/rest of the datagram skipped/);
  });

  it('keys templates by exporter and source ID, so one exporter cannot poison another', () => {
    const { batch, run, ctr } = setup();
    run(v9({ sourceId: 1 }, v9TemplateSet([256, V4_FIELDS])), A);
    // B announces template 256 with a different layout (and A's source id).
    run(v9({ sourceId: 1 }, v9TemplateSet([256, [[1, 4], [2, 4]]])), B);
    // A's data still decodes with A's template.
    const r = run(v9({ sourceId: 1, seq: 1 }, set(256, v4Record({ bytes: 777 }))), A);
    expect(r.records).toBe(1);
    expect(recordAt(batch, 0).bytes).toBe(777);
    // Same exporter, another source ID: unknown.
    const r2 = run(v9({ sourceId: 2, seq: 2 }, set(256, v4Record())), A);
    expect(r2.errors[0]?.code).toBe('UNKNOWN_TEMPLATE');
    expect(ctr(A).unknownTemplateSets).toBe(1);
    expect(ctr(B).templates).toBe(1);
  });

  it('turns sysUptime-relative times into absolute times across the 32-bit wrap', () => {
    const { batch, run } = setup();
    // The exporter's uptime wrapped: header says 5 000 ms, the flow started at 2^32 − 1 000.
    run(v9({ sysUptime: 5_000 }, v9TemplateSet([256, V4_FIELDS]),
      set(256, v4Record({ first: 4294967296 - 1000, last: 4_000 }))));
    const rec = recordAt(batch, 0);
    expect(rec.startMs).toBe(T * 1000 - 6_000);
    expect(rec.endMs).toBe(T * 1000 - 1_000);
  });

  it('applies sampling from options data (interval 34, sampler table 48/50) and the per-exporter override', () => {
    const { dec, batch, run } = setup();
    const fields = [...V4_FIELDS, [48, 1]] as [number, number][];
    run(v9({},
      v9OptionsTemplateSet(300, [[1, 4]], [[34, 4], [35, 1]]),
      v9OptionsTemplateSet(301, [[1, 4]], [[48, 1], [49, 1], [50, 4]]),
      v9TemplateSet([256, V4_FIELDS], [257, fields]),
      set(300, new W().u32(0).u32(100).u8(2).out(), true),
      set(301, new W().u32(0).u8(5).u8(2).u32(1000).out(), true),
      set(256, v4Record({ bytes: 10, pkts: 1 }), true),
      set(257, concat(v4Record({ bytes: 10, pkts: 1 }), Uint8Array.of(5)), true),
      set(257, concat(v4Record({ bytes: 10, pkts: 1 }), Uint8Array.of(9)), true)));
    expect(batch.length).toBe(3);
    expect(recordAt(batch, 0)).toMatchObject({ samplingRate: 100, bytesScaled: 1000, packetsScaled: 100 });
    expect(recordAt(batch, 1)).toMatchObject({ samplingRate: 1000, bytesScaled: 10_000 });
    // Unknown sampler id: the domain's rate.
    expect(recordAt(batch, 2).samplingRate).toBe(100);
    expect(dec.stats.exporter(A).counters.optionRecords).toBe(2);
    // Override wins.
    dec.samplingOverride.set(A, 64);
    batch.reset();
    run(v9({}, set(257, concat(v4Record({ bytes: 10 }), Uint8Array.of(5)), true)));
    expect(recordAt(batch, 0)).toMatchObject({ samplingRate: 64, bytesScaled: 640 });
  });

  it('follows sequence numbers per (exporter, source ID): gaps, late datagrams, restarts, 32-bit wrap', () => {
    const { run, ctr } = setup();
    const tpl = v9TemplateSet([256, V4_FIELDS]);
    for (const seq of [4294967294, 4294967295, 0, 3, 2, 9_000_000, 9_000_001]) run(v9({ seq }, tpl));
    expect(ctr()).toMatchObject({ lostDatagrams: 2, reordered: 1, sequenceResets: 1 });
    // Another source id has its own counter.
    run(v9({ seq: 50, sourceId: 9 }, tpl));
    expect(ctr().lostDatagrams).toBe(2);
  });

  it('keeps records of sets decoded before a set whose length lies', () => {
    const { batch, run, ctr } = setup();
    const good = concat(v9TemplateSet([256, V4_FIELDS]), set(256, v4Record()));
    const lie = new W().u16(256).u16(400).raw(v4Record()).out();
    const r = run(v9({}, good, lie));
    expect(r.records).toBe(1);
    expect(r.errors).toMatchObject([{ code: 'TRUNCATED', offset: 20 + good.length + 2 }]);
    expect(batch.length).toBe(1);
    expect(ctr()).toMatchObject({ rejectedDatagrams: 1, records: 1 });
    expect(ctr().errors.TRUNCATED).toBe(1);
  });

  it('rejects bad headers, reserved set ids and bad templates with typed errors, never throwing', () => {
    const { run, ctr } = setup();
    expect(run(new Uint8Array(10)).errors[0]?.code).toBe('TRUNCATED');
    expect(run(new W().u16(8).pad(30).out()).errors[0]?.code).toBe('BAD_VERSION');
    expect(run(v9({}, set(7, new Uint8Array(4)))).errors[0]?.code).toBe('BAD_SET');
    expect(run(v9({}, set(0, new W().u16(256).u16(0).out()))).errors[0]?.code).toBe('BAD_TEMPLATE');
    expect(run(v9({}, set(0, new W().u16(12).u16(1).u16(1).u16(4).out()))).errors[0]?.code).toBe('BAD_TEMPLATE');
    // Zero-length record (fields of length 0): would loop forever if accepted.
    expect(run(v9({}, v9TemplateSet([256, [[1, 0], [2, 0]]]))).errors[0]?.code).toBe('BAD_TEMPLATE');
    // Field count that the set cannot hold.
    expect(run(v9({}, set(0, new W().u16(256).u16(60000).u16(1).u16(4).out()))).errors[0]?.code).toBe('TEMPLATE_LIMIT');
    expect(run(v9({}, set(0, new W().u16(256).u16(100).u16(1).u16(4).out()))).errors[0]?.code).toBe('TRUNCATED');
    expect(run(v9({}, set(1, new W().u16(256).u16(3).u16(4).u16(1).u16(4).out(), true))).errors[0]?.code).toBe('BAD_TEMPLATE');
    expect(ctr().rejectedDatagrams).toBe(9);
    expect(ctr().datagrams).toBe(9);
  });

  it('limits templates per exporter and fields per template', () => {
    const dec = new FlowDecoder({ limits: { maxTemplatesPerExporter: 3, maxFieldsPerTemplate: 4, maxRecordLength: 20 } });
    const batch = new FlowBatch();
    const r = dec.decode(v9({}, v9TemplateSet([256, [[1, 4]]], [257, [[1, 4]]], [258, [[1, 4]]], [259, [[1, 4]]])), A, 0, batch);
    expect(r.errors.map((e) => e.code)).toEqual(['TEMPLATE_LIMIT']);
    expect(dec.templates.size(A)).toBe(3);
    // Re-sending a known template does not count against the limit.
    expect(dec.decode(v9({}, v9TemplateSet([256, [[2, 4]]])), A, 0, batch).errors).toEqual([]);
    expect(dec.decode(v9({}, v9TemplateSet([256, [[1, 4], [2, 4], [3, 4], [4, 4], [5, 4]]])), A, 0, batch).errors[0]?.code).toBe('TEMPLATE_LIMIT');
    expect(dec.decode(v9({}, v9TemplateSet([256, [[1, 8], [2, 8], [3, 8]]])), A, 0, batch).errors[0]?.code).toBe('TEMPLATE_LIMIT');
    // Another exporter has its own budget.
    expect(dec.decode(v9({}, v9TemplateSet([256, [[1, 4]]])), B, 0, batch).errors).toEqual([]);
  });

  it('keeps unknown and non-normalized fields as extras, materialised on demand', () => {
    const { batch, run } = setup();
    run(v9({}, v9TemplateSet([256, [...V4_FIELDS, [15, 4], [136, 1], [40000, 2]]]),
      set(256, concat(v4Record(), new W().ip4('10.9.9.9').u8(2).u16(0xbeef).out()))));
    const rec = recordAt(batch, 0, { extras: true });
    expect(rec.extras).toEqual([
      { enterprise: 0, id: 15, name: 'ipNextHopIPv4Address', value: '10.9.9.9' },
      { enterprise: 0, id: 136, name: 'flowEndReason', value: 2 },
      { enterprise: 0, id: 40000, name: 'ie40000', value: 0xbeef },
    ]);
  });

  it('reads IPv6, MAC, VLAN and ICMP type/code fields', () => {
    const { batch, run } = setup();
    const fields: [number, number][] = [[27, 16], [28, 16], [4, 1], [32, 2], [56, 6], [80, 6], [58, 2], [1, 8], [2, 8], [61, 1]];
    const rec = new W().raw(Array(15).fill(0)).u8(1).raw([0x20, 1, 0xd, 0xb8, ...Array(11).fill(0), 2]).u8(58).u16(0x8000)
      .mac('02:00:00:00:00:01').mac('02:00:00:00:00:02').u16(42).u64(2 ** 40).u64(5).u8(1).out();
    run(v9({}, v9TemplateSet([256, fields]), set(256, rec)));
    expect(recordAt(batch, 0)).toMatchObject({
      family: 6, srcAddr: '::1', dstAddr: '2001:db8::2', proto: 58, srcPort: 0, dstPort: 0x8000, srcMac: '02:00:00:00:00:01',
      dstMac: '02:00:00:00:00:02', vlan: 42, bytes: 2 ** 40, packets: 5, direction: 'egress',
    });
  });
});
