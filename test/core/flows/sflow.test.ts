import { describe, expect, it } from 'vitest';
import { FlowDecoder } from '../../../core/flows/decoders/index.js';
import { FlowBatch, recordAt } from '../../../core/flows/record.js';
import { SflowEncoder, ipv4, type ExportFlow } from '../../../core/flows/encoder.js';
import {
  concat, counterSample, ethernet, expandedFlowSample, extendedRouter, extendedSwitch, flowSample, genericIfCounters, icmp,
  ipv4Packet, ipv6Packet, sampledHeader, sflow, tcp, udp, W, xdr,
} from './build.js';

const X = '192.0.2.10';
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

function setup() {
  const dec = new FlowDecoder();
  const batch = new FlowBatch(8);
  const run = (b: Uint8Array, proto?: 'sflow') => dec.decode(b, X, NOW, batch, proto);
  const ctr = () => dec.stats.exporter(X).counters;
  return { dec, batch, run, ctr };
}

const MAC_A = '02:00:00:00:00:0a';
const MAC_B = '02:00:00:00:00:0b';

describe('sFlow v5', () => {
  it('parses a sampled Ethernet/IPv4/TCP header, applies the sampling rate, derives direction', () => {
    const { batch, run } = setup();
    const pkt = ethernet(MAC_B, MAC_A, 0x0800, ipv4Packet('10.1.1.1', '10.2.2.2', 6, tcp(1234, 80, 0x12), 0x28));
    const r = run(sflow({ subAgent: 4 }, [flowSample({ rate: 256, sourceIndex: 3, input: 3, output: 9 }, [sampledHeader(1518, pkt)])]));
    expect(r).toMatchObject({ protocol: 'sflow5', records: 1, errors: [] });
    expect(recordAt(batch, 0)).toMatchObject({
      source: 'sflow5', domain: 4, srcAddr: '10.1.1.1', dstAddr: '10.2.2.2', proto: 6, srcPort: 1234, dstPort: 80, tcpFlags: 0x12,
      dscp: 10, bytes: 1518, packets: 1, samplingRate: 256, bytesScaled: 1518 * 256, packetsScaled: 256, inIf: 3, outIf: 9,
      srcMac: MAC_A, dstMac: MAC_B, vlan: null, direction: 'ingress', startMs: NOW, endMs: NOW,
    });
  });

  it('parses 802.1Q (and QinQ) tags, IPv6 with extension headers, UDP and ICMPv6', () => {
    const { batch, run } = setup();
    const hopByHop = concat(new W().u8(17).u8(0).pad(6).out(), udp(5353, 53));
    const v6udp = ethernet(MAC_B, MAC_A, 0x86dd, ipv6Packet('2001:db8::1', '2001:db8::2', 0, hopByHop, 0xb8), [100]);
    const v6icmp = ethernet(MAC_B, MAC_A, 0x86dd, ipv6Packet('2001:db8::1', 'ff02::1', 58, icmp(128, 0)), [200, 300]);
    const v4icmp = ipv4Packet('10.0.0.1', '10.0.0.2', 1, icmp(8, 0));
    run(sflow({}, [
      flowSample({ seq: 1, sourceIndex: 7, output: 7 }, [sampledHeader(100, v6udp)]),
      flowSample({ seq: 2 }, [sampledHeader(90, v6icmp)]),
      flowSample({ seq: 3 }, [sampledHeader(84, v4icmp, 11)]),
    ]));
    expect(recordAt(batch, 0)).toMatchObject({ family: 6, srcAddr: '2001:db8::1', dstAddr: '2001:db8::2', proto: 17, srcPort: 5353, dstPort: 53, vlan: 100, dscp: 46, direction: 'egress' });
    expect(recordAt(batch, 1)).toMatchObject({ family: 6, dstAddr: 'ff02::1', proto: 58, srcPort: 0, dstPort: 128 << 8, vlan: 200 });
    // Header protocol 11 = raw IPv4: no MACs.
    expect(recordAt(batch, 2)).toMatchObject({ family: 4, proto: 1, dstPort: 8 << 8, srcMac: null, vlan: null });
  });

  it('does not read ports from a non-first IPv4 fragment', () => {
    const { batch, run } = setup();
    const frag = ipv4Packet('10.0.0.1', '10.0.0.2', 17, udp(1, 2), 0, 0x0010);
    run(sflow({}, [flowSample({}, [sampledHeader(200, frag, 11)])]));
    expect(recordAt(batch, 0)).toMatchObject({ proto: 17, srcPort: 0, dstPort: 0 });
  });

  it('decodes expanded flow samples and takes the VLAN from extended switch data when the header has none', () => {
    const { batch, run } = setup();
    const pkt = ethernet(MAC_B, MAC_A, 0x0800, ipv4Packet('10.1.1.1', '10.2.2.2', 17, udp(1, 2)));
    run(sflow({}, [expandedFlowSample({ rate: 1000, sourceIndex: 70000, input: 70000, output: 5 }, [extendedSwitch(55, 66), extendedRouter('10.9.9.9', 24, 16), sampledHeader(60, pkt)])]));
    const rec = recordAt(batch, 0, { extras: true });
    expect(rec).toMatchObject({ vlan: 55, inIf: 70000, outIf: 5, samplingRate: 1000, direction: 'ingress' });
    expect(rec.extras).toEqual(expect.arrayContaining([
      { enterprise: 0, id: 0, name: 'agentAddress', value: '192.0.2.1' },
      { enterprise: 0, id: 1002, name: 'nextHop', value: '10.9.9.9' },
      { enterprise: 0, id: 1002, name: 'srcMaskLen', value: 24 },
      { enterprise: 0, id: 1001, name: 'dstVlan', value: 66 },
    ]));
  });

  it('reads sampled IPv4 / IPv6 / Ethernet structures when no header is sampled', () => {
    const { batch, run } = setup();
    const ip4 = xdr(0, 3, new W().u32(400).u32(6).ip4('10.0.0.1').ip4('10.0.0.2').u32(1).u32(2).u32(0x18).u32(0xb8).out());
    const ip6 = xdr(0, 4, new W().u32(500).u32(17).ip6('2001:db8::1').ip6('2001:db8::2').u32(3).u32(4).u32(0).u32(0).out());
    const eth = xdr(0, 2, new W().u32(400).mac(MAC_A).pad(2).mac(MAC_B).pad(2).u32(0x0800).out());
    run(sflow({}, [flowSample({ seq: 1 }, [eth, ip4]), flowSample({ seq: 2 }, [ip6])]));
    expect(recordAt(batch, 0)).toMatchObject({ bytes: 400, proto: 6, srcPort: 1, dstPort: 2, tcpFlags: 0x18, dscp: 46, srcMac: MAC_A, dstMac: MAC_B });
    expect(recordAt(batch, 1)).toMatchObject({ bytes: 500, family: 6, proto: 17, srcPort: 3, dstPort: 4 });
  });

  it('keeps counter samples with their generic interface counters', () => {
    const { batch, run, ctr } = setup();
    const r = run(sflow({ agent: '2001:db8::99' }, [counterSample(5, 3, [genericIfCounters(3, 2 ** 40, 12345), xdr(0, 2, new Uint8Array(52))])]));
    expect(r.records).toBe(0);
    expect(r.errors).toEqual([]);
    expect(ctr().counterSamples).toBe(1);
    expect(batch.counters).toHaveLength(1);
    expect(batch.counters[0]).toMatchObject({
      exporter: X, agent: '2001:db8::99', sourceIdIndex: 3, sequence: 5,
      generic: { ifIndex: 3, ifType: 6, ifSpeed: 10_000_000_000, inOctets: 2 ** 40, outOctets: 12345, inUcastPkts: 10 },
      records: [{ enterprise: 0, format: 1, length: 88 }, { enterprise: 0, format: 2, length: 52 }],
    });
  });

  it('counts lost datagrams and lost samples from the sequence numbers', () => {
    const { run, ctr } = setup();
    const pkt = ipv4Packet('10.0.0.1', '10.0.0.2', 17, udp(1, 2));
    run(sflow({ seq: 1 }, [flowSample({ seq: 10 }, [sampledHeader(60, pkt, 11)])]));
    run(sflow({ seq: 2 }, [flowSample({ seq: 11 }, [sampledHeader(60, pkt, 11)])]));
    run(sflow({ seq: 5 }, [flowSample({ seq: 20 }, [sampledHeader(60, pkt, 11)]), flowSample({ seq: 1, sourceIndex: 9 }, [])]));
    expect(ctr()).toMatchObject({ lostDatagrams: 2, lostRecords: 8 });
  });

  it('gives up on a datagram after 16 bad samples', () => {
    const { run } = setup();
    const r = run(sflow({}, Array.from({ length: 30 }, () => xdr(0, 1, new Uint8Array(4)))));
    expect(r.errors).toHaveLength(17);
    expect(r.errors[16]?.detail).toMatch(/rest of the datagram skipped/);
  });

  it('applies the per-exporter sampling override', () => {
    const { dec, batch, run } = setup();
    dec.samplingOverride.set(X, 10);
    run(sflow({}, [flowSample({ rate: 400 }, [sampledHeader(100, ipv4Packet('10.0.0.1', '10.0.0.2', 17, udp(1, 2)), 11)])]));
    expect(recordAt(batch, 0)).toMatchObject({ samplingRate: 10, bytesScaled: 1000 });
  });

  it('keeps samples before a bad one, skips unknown sample formats, never throws', () => {
    const { batch, run, ctr } = setup();
    const good = flowSample({ seq: 1 }, [sampledHeader(60, ipv4Packet('10.0.0.1', '10.0.0.2', 17, udp(1, 2)), 11)]);
    const unknown = xdr(4300, 7, new Uint8Array(12));
    const lying = new W().u32(1).u32(10_000).pad(8).out();
    const r = run(sflow({}, [good, unknown, lying]));
    expect(r.records).toBe(1);
    expect(r.errors[0]?.code).toBe('TRUNCATED');
    expect(batch.length).toBe(1);
    expect(run(new W().u32(4).pad(40).out(), 'sflow').errors[0]?.code).toBe('BAD_VERSION');
    expect(run(new W().u32(4).pad(40).out()).errors[0]?.code).toBe('UNKNOWN_PROTOCOL');
    expect(run(new W().u32(5).u32(3).pad(40).out(), 'sflow').errors[0]?.code).toBe('BAD_SET');
    expect(run(sflow({ count: 9 }, [good])).errors[0]?.code).toBe('TRUNCATED');
    // A record inside a sample that overruns the sample: that sample is dropped.
    const badRecord = xdr(0, 1, concat(new W().u32(1).u32(3).u32(512).u32(1000).u32(0).u32(3).u32(7).u32(1).out(), new W().u32(1).u32(999).out()));
    expect(run(sflow({}, [badRecord])).errors[0]?.code).toBe('TRUNCATED');
    expect(ctr().rejectedDatagrams).toBe(6);
    expect(ctr().errors.UNKNOWN_PROTOCOL).toBe(1);
  });

  it("the lab's sFlow agent numbers each data source's samples on its own: no gap is counted", () => {
    const { run, ctr } = setup();
    const enc = new SflowEncoder(ipv4(X), 0, 64, NOW - 60_000);
    const flow = (k: number): ExportFlow => ({
      src: ipv4('10.1.0.1') + k, dst: ipv4('198.51.100.7'), srcPort: 40000 + k, dstPort: 443, proto: 6, bytes: 3000, packets: 3,
      startMs: NOW - 1000, endMs: NOW, tcpFlags: 0x18, dscp: 0, inIf: 10 + (k % 4), outIf: 1, vlan: 0, direction: 0,
    });
    let records = 0;
    for (let second = 0; second < 5; second++) {
      const items = Array.from({ length: 40 }, (_, k) => ({ flow: flow(k), samples: 1 + (k % 3) }));
      for (const d of enc.encode(items, NOW + second * 1000)) records += run(d, 'sflow').records;
    }
    expect(records).toBe(5 * Array.from({ length: 40 }, (_, k) => 1 + (k % 3)).reduce((a, b) => a + b, 0));
    expect(ctr()).toMatchObject({ lostDatagrams: 0, lostRecords: 0 });
  });
});
