import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LinkType, newCaptureStats, readUdpDatagrams } from '../../../core/flows/pcap.js';
import { concat, ethernet, ipv4Packet, ipv6Packet, tcp, udp, W } from './build.js';

const PAYLOAD = Uint8Array.from([0, 10, 0, 20, 1, 2, 3, 4]);
const v4 = () => ipv4Packet('192.0.2.1', '127.0.0.1', 17, udp(4739, 2055, PAYLOAD));
const v6 = () => ipv6Packet('2001:db8::1', '::1', 17, udp(6343, 6343, PAYLOAD));

/** A little/big-endian writer for capture files. */
class F {
  private parts: number[] = [];
  constructor(private le: boolean) {}
  u16(v: number): this {
    if (this.le) this.parts.push(v & 0xff, v >>> 8); else this.parts.push(v >>> 8, v & 0xff);
    return this;
  }
  u32(v: number): this {
    const b = [v >>> 24, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
    this.parts.push(...(this.le ? b.reverse() : b));
    return this;
  }
  raw(b: ArrayLike<number>): this { for (let i = 0; i < b.length; i++) this.parts.push(b[i]!); return this; }
  align(): this { while (this.parts.length % 4) this.parts.push(0); return this; }
  out(): Uint8Array { return Uint8Array.from(this.parts); }
}

function pcap(le: boolean, nano: boolean, linkType: number, frames: [sec: number, frac: number, data: Uint8Array][]): Uint8Array {
  const f = new F(le).u32(nano ? 0xa1b23c4d : 0xa1b2c3d4).u16(2).u16(4).u32(0).u32(0).u32(65535).u32(linkType);
  for (const [s, frac, d] of frames) f.u32(s).u32(frac).u32(d.length).u32(d.length).raw(d);
  return f.out();
}

function block(le: boolean, type: number, body: Uint8Array): Uint8Array {
  const padded = new F(le).raw(body).align().out();
  const len = 12 + padded.length;
  return new F(le).u32(type).u32(len).raw(padded).u32(len).out();
}
const shb = (le: boolean) => block(le, 0x0a0d0d0a, new F(le).u32(0x1a2b3c4d).u16(1).u16(0).u32(0xffffffff).u32(0xffffffff).out());
function idb(le: boolean, linkType: number, tsresol?: number, snap = 0): Uint8Array {
  const f = new F(le).u16(linkType).u16(0).u32(snap);
  if (tsresol !== undefined) f.u16(9).u16(1).raw([tsresol]).align();
  f.u16(0).u16(0);
  return block(le, 1, f.out());
}
function epb(le: boolean, ifId: number, ts: bigint, data: Uint8Array): Uint8Array {
  return block(le, 6, new F(le).u32(ifId).u32(Number(ts >> 32n)).u32(Number(ts & 0xffffffffn)).u32(data.length).u32(data.length).raw(data).out());
}
const spb = (le: boolean, data: Uint8Array) => block(le, 3, new F(le).u32(data.length).raw(data).out());

const read = (b: Uint8Array) => {
  const stats = newCaptureStats();
  return { ds: [...readUdpDatagrams(b, stats)], stats };
};

describe('pcap reader', () => {
  for (const le of [true, false]) {
    for (const nano of [false, true]) {
      it(`reads classic pcap, ${le ? 'little' : 'big'}-endian, ${nano ? 'ns' : 'µs'}`, () => {
        const eth = ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x0800, v4());
        const { ds, stats } = read(pcap(le, nano, LinkType.ETHERNET, [[1_768_478_400, nano ? 123_456_789 : 123_456, eth]]));
        expect(stats).toMatchObject({ format: 'pcap', packets: 1, udp: 1, error: null });
        expect(ds[0]).toMatchObject({ src: '192.0.2.1', dst: '127.0.0.1', srcPort: 4739, dstPort: 2055, interfaceId: 0 });
        expect([...ds[0]!.payload]).toEqual([...PAYLOAD]);
        expect(ds[0]!.tsMs).toBeCloseTo(nano ? 1_768_478_400_123.457 : 1_768_478_400_123.456, 2);
      });
    }
  }

  it('reads every link type: Ethernet with VLAN tags, SLL, SLL2, raw, IPv4/IPv6, null, loop', () => {
    const sll = concat(new W().u16(0).u16(772).u16(6).raw([0, 0, 0, 0, 0, 0, 0, 0]).u16(0x86dd).out(), v6());
    const sll2 = concat(new W().u16(0x0800).u16(0).u32(1).u16(772).u8(0).u8(6).pad(8).out(), v4());
    const nullLe = concat(Uint8Array.of(2, 0, 0, 0), v4());
    const loopBe = concat(Uint8Array.of(0, 0, 0, 24), v6());
    const cases: [number, Uint8Array, string][] = [
      [LinkType.ETHERNET, ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x86dd, v6(), [10, 20]), '2001:db8::1'],
      [LinkType.LINUX_SLL, sll, '2001:db8::1'],
      [LinkType.LINUX_SLL2, sll2, '192.0.2.1'],
      [LinkType.RAW, v6(), '2001:db8::1'],
      [LinkType.RAW_12, v4(), '192.0.2.1'],
      [LinkType.IPV4, v4(), '192.0.2.1'],
      [LinkType.IPV6, v6(), '2001:db8::1'],
      [LinkType.NULL, nullLe, '192.0.2.1'],
      [LinkType.LOOP, loopBe, '2001:db8::1'],
    ];
    for (const [lt, frame, src] of cases) {
      const { ds, stats } = read(pcap(true, false, lt, [[1, 0, frame]]));
      expect(stats.error, `link type ${lt}`).toBeNull();
      expect(ds.map((d) => d.src), `link type ${lt}`).toEqual([src]);
    }
  });

  it('skips non-UDP, fragments and cut packets, counting them', () => {
    const frames: [number, number, Uint8Array][] = [
      [1, 0, ipv4Packet('10.0.0.1', '10.0.0.2', 6, tcp(1, 2, 2))],
      [1, 0, ipv4Packet('10.0.0.1', '10.0.0.2', 17, udp(1, 2, PAYLOAD), 0, 0x2000)],
      [1, 0, ipv6Packet('2001:db8::1', '::1', 44, new Uint8Array(16))],
      [1, 0, v4().subarray(0, 30)],
      [1, 0, v4()],
    ];
    const { ds, stats } = read(pcap(true, false, LinkType.RAW, frames));
    expect(ds).toHaveLength(1);
    expect(stats).toMatchObject({ packets: 5, udp: 1, skipped: 1, fragments: 2, truncated: 1 });
    const unsupported = read(pcap(true, false, 147, [[1, 0, v4()]]));
    expect(unsupported.stats.unsupportedLinkTypes).toEqual([147]);
  });

  it('stops with a typed error on a bad or cut file, keeping what came before', () => {
    expect(read(Uint8Array.of(1, 2)).stats.error?.code).toBe('TRUNCATED');
    expect(read(new Uint8Array(40)).stats.error?.code).toBe('BAD_MAGIC');
    const good = pcap(true, false, LinkType.RAW, [[1, 0, v4()], [2, 0, v4()]]);
    const cut = read(good.subarray(0, good.length - 5));
    expect(cut.ds).toHaveLength(1);
    expect(cut.stats.error?.code).toBe('TRUNCATED');
  });
});

describe('pcapng reader', () => {
  for (const le of [true, false]) {
    it(`reads SHB/IDB/EPB/SPB, several interfaces and resolutions, ${le ? 'little' : 'big'}-endian`, () => {
      const file = concat(
        shb(le),
        idb(le, LinkType.ETHERNET),
        idb(le, LinkType.RAW, 9), // ns
        idb(le, LinkType.LINUX_SLL2, 0x80 | 10), // 2^-10 s
        block(le, 4, new F(le).u16(0).u16(0).out()), // name resolution block: skipped
        epb(le, 0, 1_768_478_400_000_000n, ethernet('02:00:00:00:00:01', '02:00:00:00:00:02', 0x0800, v4())),
        epb(le, 1, 1_768_478_400_500_000_000n, v6()),
        epb(le, 2, 1024n * 10n, concat(new W().u16(0x0800).u16(0).u32(1).u16(772).u8(0).u8(6).pad(8).out(), v4())),
      );
      const { ds, stats } = read(concat(file, shb(!le), idb(!le, LinkType.RAW), spb(!le, v4())));
      expect(stats).toMatchObject({ format: 'pcapng', packets: 4, udp: 4, error: null });
      expect(ds.map((d) => d.interfaceId)).toEqual([0, 1, 2, 0]);
      expect(ds[0]!.tsMs).toBe(1_768_478_400_000);
      expect(ds[1]!.tsMs).toBe(1_768_478_400_500);
      expect(ds[2]!.tsMs).toBe(10_000);
      expect(ds[3]!.tsMs).toBeNaN();
      expect(ds[1]!.src).toBe('2001:db8::1');
    });
  }

  it('rejects bad blocks and packets on undescribed interfaces', () => {
    const le = true;
    expect(read(concat(shb(le), epb(le, 0, 0n, v4()))).stats.error?.code).toBe('UNKNOWN_INTERFACE');
    const badLen = concat(shb(le), new F(le).u32(6).u32(13).u32(0).u32(0).out());
    expect(read(badLen).stats.error?.code).toBe('BAD_BLOCK');
    const mismatch = concat(shb(le), idb(le, 1));
    mismatch[mismatch.length - 1] = 99;
    expect(read(mismatch).stats.error?.code).toBe('BAD_BLOCK');
    const bom = shb(le);
    bom[8] = 0;
    expect(read(bom).stats.error?.code).toBe('BAD_MAGIC');
  });
});

describe('capture fixtures from real exporters', () => {
  it('reads the committed tcpdump captures', () => {
    for (const name of ['netflow5', 'netflow9', 'ipfix', 'sflow']) {
      const { ds, stats } = read(readFileSync(new URL(`../../fixtures/flows/${name}.pcap`, import.meta.url)));
      expect(stats.error, name).toBeNull();
      expect(ds.length, name).toBe(stats.packets);
      expect(ds.every((d) => d.src === '127.0.0.1'), name).toBe(true);
    }
  });
});
