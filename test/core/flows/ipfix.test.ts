import { describe, expect, it } from 'vitest';
import { FlowDecoder } from '../../../core/flows/decoders/index.js';
import { unwrapUptime } from '../../../core/flows/decoders/templated.js';
import { FlowBatch, recordAt } from '../../../core/flows/record.js';
import {
  concat, ipfix, ipfixOptionsTemplateSet, ipfixTemplateSet, ipfixWithdrawSet, set, v4Record, V4_FIELDS, W,
} from './build.js';
import type { Field } from './build.js';

const A = '2001:db8::a';
const B = '2001:db8::b';
const T = 1_768_478_400;

function setup() {
  const dec = new FlowDecoder();
  const batch = new FlowBatch(16);
  const run = (bytes: Uint8Array, exporter = A) => dec.decode(bytes, exporter, T * 1000 + 5, batch, 'ipfix');
  const ctr = (exporter = A) => dec.stats.exporter(exporter).counters;
  return { dec, batch, run, ctr };
}

/** IPv4 flow with absolute millisecond times (152/153). */
const ABS_FIELDS: Field[] = [[8, 4], [12, 4], [7, 2], [11, 2], [4, 1], [1, 8], [2, 8], [152, 8], [153, 8]];
function absRecord(bytes: number, start: number, end: number): Uint8Array {
  return new W().ip4('10.0.0.1').ip4('10.0.0.2').u16(1).u16(2).u8(17).u64(bytes).u64(1).u64(start).u64(end).out();
}

describe('IPFIX', () => {
  it('decodes templates and data, several sets per message, with absolute times', () => {
    const { batch, run, ctr } = setup();
    const t0 = Date.UTC(2026, 0, 15, 11, 59, 0);
    const r = run(ipfix({ seq: 0, domain: 3 }, ipfixTemplateSet([256, ABS_FIELDS], [257, V4_FIELDS]),
      set(256, concat(absRecord(100, t0, t0 + 1500), absRecord(200, t0 + 1, t0 + 2))), set(256, absRecord(300, t0, t0))));
    expect(r.errors).toEqual([]);
    expect(r.records).toBe(3);
    expect(recordAt(batch, 0)).toMatchObject({ source: 'ipfix', domain: 3, startMs: t0, endMs: t0 + 1500, bytes: 100, proto: 17 });
    expect(recordAt(batch, 2).bytes).toBe(300);
    expect(ctr().templates).toBe(2);
  });

  it('reads seconds, NTP microsecond and delta-microsecond times', () => {
    const { batch, run } = setup();
    const ntp = (unixS: number, frac: number) => new W().u32(unixS + 2208988800).u32(frac).out();
    run(ipfix({}, ipfixTemplateSet([256, [[8, 4], [150, 4], [151, 4]]], [257, [[8, 4], [154, 8], [155, 8]]], [258, [[8, 4], [158, 4], [159, 4]]]),
      set(256, new W().ip4('10.0.0.1').u32(T - 60).u32(T - 30).out()),
      set(257, concat(new W().ip4('10.0.0.1').out(), ntp(T - 10, 2 ** 31), ntp(T - 9, 0))),
      set(258, new W().ip4('10.0.0.1').u32(4_000_000).u32(1_000).out())));
    expect(recordAt(batch, 0)).toMatchObject({ startMs: (T - 60) * 1000, endMs: (T - 30) * 1000 });
    expect(recordAt(batch, 1)).toMatchObject({ startMs: (T - 10) * 1000 + 500, endMs: (T - 9) * 1000 });
    expect(recordAt(batch, 2)).toMatchObject({ startMs: T * 1000 - 4000, endMs: T * 1000 - 1 });
  });

  it('uses systemInitTimeMilliseconds (IE 160) for sysUpTime-relative times, handling the wrap', () => {
    const { batch, run } = setup();
    const init = T * 1000 - 2 ** 32 - 5_000; // booted 49.7 days + 5 s before export: uptime wrapped once
    run(ipfix({},
      ipfixOptionsTemplateSet(300, [[143, 4]], [[160, 8]]),
      ipfixTemplateSet([256, [[8, 4], [22, 4], [21, 4]]]),
      set(300, new W().u32(1).u64(init).out()),
      set(256, new W().ip4('10.0.0.1').u32(1_000).u32(4_000).out())));
    expect(recordAt(batch, 0)).toMatchObject({ startMs: T * 1000 - 4_000, endMs: T * 1000 - 1_000 });
    expect(unwrapUptime(1000, 500, 2000)).toBe(1500);
    // Without the init time the record still decodes; its times are estimated.
    const d2 = setup();
    d2.run(ipfix({}, ipfixTemplateSet([256, [[8, 4], [22, 4], [21, 4]]]), set(256, new W().ip4('10.0.0.1').u32(1).u32(2).out())));
    expect(recordAt(d2.batch, 0)).toMatchObject({ startMs: T * 1000, endMs: T * 1000 });
    expect(d2.batch.flags[0]! & 4).toBe(4);
  });

  it('decodes variable-length fields (short and long form) and enterprise fields, named when known', () => {
    const { batch, run } = setup();
    const fields: Field[] = [[8, 4], [82, 0xffff], [1, 4, 29305], [7, 2, 9999], [96, 0xffff], [1, 4]];
    const long = 'x'.repeat(300);
    const r1 = new W().ip4('10.0.0.1').u8(4).raw(Buffer.from('eth0')).u32(777).u16(0xabcd).u8(255).u16(long.length).raw(Buffer.from(long)).u32(1234).out();
    const r2 = new W().ip4('10.0.0.2').u8(0).u32(1).u16(2).u8(3).raw(Buffer.from('dns')).u32(99).out();
    const out = run(ipfix({}, ipfixTemplateSet([256, fields]), set(256, concat(r1, r2), true)));
    expect(out.errors).toEqual([]);
    expect(out.records).toBe(2);
    expect(recordAt(batch, 0).bytes).toBe(1234);
    expect(recordAt(batch, 1).bytes).toBe(99);
    expect(recordAt(batch, 0, { extras: true }).extras).toEqual([
      { enterprise: 0, id: 82, name: 'interfaceName', value: 'eth0' },
      { enterprise: 29305, id: 1, name: 'reverseOctetDeltaCount', value: 777 },
      { enterprise: 9999, id: 7, name: 'e9999.7', value: 0xabcd },
      { enterprise: 0, id: 96, name: 'applicationName', value: long },
    ]);
    expect(recordAt(batch, 1, { extras: true }).extras?.[3]).toEqual({ enterprise: 0, id: 96, name: 'applicationName', value: 'dns' });
  });

  it('rejects a variable-length record that crosses the set end, keeping earlier records', () => {
    const { run } = setup();
    const ok = new W().ip4('10.0.0.1').u8(2).raw([1, 2]).out();
    const bad = new W().ip4('10.0.0.1').u8(200).raw([1, 2]).out();
    const r = run(ipfix({}, ipfixTemplateSet([256, [[8, 4], [82, 0xffff]]]), set(256, concat(ok, bad))));
    expect(r.records).toBe(1);
    expect(r.errors[0]?.code).toBe('TRUNCATED');
  });

  it('withdraws templates: one id, all data templates (id 2), all options templates (id 3)', () => {
    const { dec, run, ctr } = setup();
    run(ipfix({ domain: 1 }, ipfixTemplateSet([256, V4_FIELDS], [257, V4_FIELDS], [258, V4_FIELDS]), ipfixOptionsTemplateSet(400, [[143, 4]], [[34, 4]])));
    expect(dec.templates.size(A)).toBe(4);
    run(ipfix({ domain: 1 }, ipfixWithdrawSet(2, 257)));
    expect(dec.templates.get(A, 1, 257)).toBeUndefined();
    expect(dec.templates.size(A)).toBe(3);
    expect(run(ipfix({ domain: 1, seq: 0 }, set(257, v4Record()))).errors[0]?.code).toBe('UNKNOWN_TEMPLATE');
    run(ipfix({ domain: 1 }, ipfixWithdrawSet(2, 2)));
    expect(dec.templates.size(A)).toBe(1);
    expect(dec.templates.get(A, 1, 400)).toBeDefined();
    run(ipfix({ domain: 1 }, ipfixWithdrawSet(3, 3)));
    expect(dec.templates.size(A)).toBe(0);
    expect(ctr().templateWithdrawals).toBe(4);
    expect(run(ipfix({}, ipfixWithdrawSet(2, 17))).errors[0]?.code).toBe('BAD_TEMPLATE');
  });

  it('sampling from options: 305/306 packet interval/space, sampler tables by selectorId, override', () => {
    const { dec, batch, run } = setup();
    run(ipfix({},
      ipfixOptionsTemplateSet(300, [[149, 4]], [[305, 4], [306, 4]]),
      ipfixOptionsTemplateSet(301, [[302, 4]], [[34, 4]]),
      ipfixTemplateSet([256, V4_FIELDS], [257, [...V4_FIELDS, [302, 4]]]),
      set(300, new W().u32(0).u32(1).u32(9).out()),
      set(301, new W().u32(77).u32(2000).out()),
      set(256, v4Record({ bytes: 3, pkts: 1 })),
      set(257, concat(v4Record({ bytes: 3, pkts: 1 }), new W().u32(77).out()))));
    expect(recordAt(batch, 0)).toMatchObject({ samplingRate: 10, bytesScaled: 30, packetsScaled: 10 });
    expect(recordAt(batch, 1)).toMatchObject({ samplingRate: 2000, bytesScaled: 6000 });
    dec.samplingOverride.set(A, 3);
    run(ipfix({}, set(257, concat(v4Record({ bytes: 3, pkts: 1 }), new W().u32(77).out()))));
    expect(recordAt(batch, 2)).toMatchObject({ samplingRate: 3, bytesScaled: 9 });
  });

  it('counts lost records from the sequence number (data records before this message)', () => {
    const { run, ctr } = setup();
    const tpl = ipfixTemplateSet([256, V4_FIELDS]);
    const data = (n: number) => set(256, concat(...Array.from({ length: n }, () => v4Record())));
    run(ipfix({ seq: 100 }, tpl, data(3)));
    run(ipfix({ seq: 103 }, data(2)));
    run(ipfix({ seq: 110 }, data(1))); // 5 records lost
    expect(ctr().lostRecords).toBe(5);
    run(ipfix({ seq: 105 }, data(1))); // late
    expect(ctr().reordered).toBe(1);
  });

  it('recognises exporters that count this message\'s flow records in its sequence number', () => {
    const { run, ctr } = setup();
    const tpl = ipfixTemplateSet([256, V4_FIELDS]);
    const data = (n: number) => set(256, concat(...Array.from({ length: n }, () => v4Record())));
    run(ipfix({ seq: 3 }, tpl, data(3)));
    run(ipfix({ seq: 5 }, data(2)));
    run(ipfix({ seq: 9 }, data(4)));
    expect(ctr().lostRecords).toBe(0);
    run(ipfix({ seq: 20 }, data(1))); // 10 lost in that style
    expect(ctr().lostRecords).toBe(10);
  });

  it('keys templates by exporter and observation domain', () => {
    const { batch, run } = setup();
    run(ipfix({ domain: 1 }, ipfixTemplateSet([256, V4_FIELDS])), A);
    run(ipfix({ domain: 1 }, ipfixTemplateSet([256, [[1, 4]]])), B);
    run(ipfix({ domain: 2 }, ipfixTemplateSet([256, [[2, 4]]])), A);
    run(ipfix({ domain: 1 }, set(256, v4Record({ bytes: 5 }))), A);
    expect(recordAt(batch, 0).bytes).toBe(5);
    expect(recordAt(batch, 0).domain).toBe(1);
  });

  it('rejects bad messages with typed errors', () => {
    const { run, ctr } = setup();
    expect(run(new Uint8Array(8)).errors[0]?.code).toBe('TRUNCATED');
    expect(run(ipfix({ length: 400 }, ipfixTemplateSet([256, V4_FIELDS]))).errors[0]?.code).toBe('TRUNCATED');
    expect(run(ipfix({ length: 8 })).errors[0]?.code).toBe('BAD_LENGTH');
    expect(run(new W().u16(9).u16(16).pad(12).out()).errors[0]?.code).toBe('BAD_VERSION');
    expect(run(ipfix({}, set(1, new Uint8Array(4)))).errors[0]?.code).toBe('BAD_SET');
    expect(run(ipfix({}, set(2, new W().u16(100).u16(1).u16(1).u16(4).out()))).errors[0]?.code).toBe('BAD_TEMPLATE');
    expect(run(ipfix({}, set(3, new W().u16(300).u16(2).u16(0).u16(1).u16(4).u16(2).u16(4).out()))).errors[0]?.code).toBe('BAD_TEMPLATE');
    expect(run(ipfix({}, set(2, new W().u16(300).u16(1).u16(0x8001).u16(4).out()))).errors[0]?.code).toBe('TRUNCATED');
    expect(run(ipfix({}, new W().u16(256).u16(2).out())).errors[0]?.code).toBe('BAD_LENGTH');
    expect(run(concat(ipfix({}, ipfixTemplateSet([256, V4_FIELDS])), Uint8Array.of(1, 2))).errors).toEqual([]);
    expect(ctr().rejectedDatagrams).toBe(9);
  });

  it('ignores template-set padding and data-set padding', () => {
    const { batch, run } = setup();
    const r = run(ipfix({}, set(2, concat(new W().u16(256).u16(2).u16(8).u16(4).u16(1).u16(4).out(), Uint8Array.of(0, 0, 0))),
      set(256, concat(new W().ip4('10.1.1.1').u32(9).out(), Uint8Array.of(0, 0, 0, 0, 0, 0, 0)))));
    expect(r.errors).toEqual([]);
    expect(r.records).toBe(1);
    expect(recordAt(batch, 0)).toMatchObject({ srcAddr: '10.1.1.1', bytes: 9 });
  });
});
