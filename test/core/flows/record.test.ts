import { describe, expect, it } from 'vitest';
import { Direction, FlowBatch, FlowSource, formatV6, putMac, putV4, putV6, recordAt, RowFlag } from '../../../core/flows/record.js';
import { ip6Bytes } from './build.js';

describe('FlowBatch', () => {
  it('grows by doubling and keeps earlier rows', () => {
    const b = new FlowBatch(16);
    const src = Uint8Array.from([10, 1, 2, 3]);
    for (let i = 0; i < 100; i++) {
      b.ensure(1);
      const r = b.pushBlank();
      b.bytes[r] = i;
      putV4(b.srcAddr, r, src, 0);
      b.family[r] = 4;
    }
    expect(b.length).toBe(100);
    expect(b.capacity).toBe(128);
    expect(b.bytes[0]).toBe(0);
    expect(b.bytes[99]).toBe(99);
    expect(recordAt(b, 57).srcAddr).toBe('10.1.2.3');
  });

  it('reset() forgets rows, exporters, extras and counters but keeps capacity', () => {
    const b = new FlowBatch(16);
    b.ensure(40);
    b.pushBlank();
    b.exporterId('192.0.2.1');
    b.counters.push({} as never);
    const cap = b.capacity;
    b.reset();
    expect(b.length).toBe(0);
    expect(b.exporters).toEqual([]);
    expect(b.counters).toEqual([]);
    expect(b.capacity).toBe(cap);
  });

  it('interns exporter addresses', () => {
    const b = new FlowBatch();
    expect(b.exporterId('a')).toBe(0);
    expect(b.exporterId('b')).toBe(1);
    expect(b.exporterId('a')).toBe(0);
  });

  it('recordAt renders addresses, MACs, VLAN and direction', () => {
    const b = new FlowBatch();
    const r = b.pushBlank();
    putV6(b.srcAddr, r, Uint8Array.from(ip6Bytes('2001:db8::1')), 0);
    putV6(b.dstAddr, r, Uint8Array.from(ip6Bytes('fe80::aa:1')), 0);
    putMac(b.srcMac, r, Uint8Array.from([2, 0, 0xaa, 1, 2, 3]), 0);
    putMac(b.dstMac, r, Uint8Array.from([2, 0, 0xbb, 1, 2, 3]), 0);
    b.family[r] = 6;
    b.vlan[r] = 42;
    b.flags[r] = RowFlag.HasMac | RowFlag.HasVlan;
    b.direction[r] = Direction.Egress;
    b.source[r] = FlowSource.Ipfix;
    b.startMs[r] = Date.UTC(2026, 0, 1);
    b.exporter[r] = b.exporterId('192.0.2.1');
    const rec = recordAt(b, r);
    expect(rec).toMatchObject({
      source: 'ipfix', exporter: '192.0.2.1', srcAddr: '2001:db8::1', dstAddr: 'fe80::aa:1', srcMac: '02:00:aa:01:02:03',
      dstMac: '02:00:bb:01:02:03', vlan: 42, direction: 'egress', start: '2026-01-01T00:00:00.000Z',
    });
    expect('extras' in rec).toBe(false);
    expect(JSON.parse(JSON.stringify(rec))).toEqual(rec);
    expect(() => recordAt(b, 1)).toThrow(RangeError);
  });

  it('formats IPv6 per RFC 5952', () => {
    const f = (s: string) => formatV6(Uint8Array.from(ip6Bytes(s)), 0);
    expect(f('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(f('0:0:0:0:0:0:0:0')).toBe('::');
    expect(f('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(f('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(f('0:0:0:0:0:ffff:c000:201')).toBe('::ffff:192.0.2.1');
  });
});
