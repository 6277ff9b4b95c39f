import { describe, expect, it } from 'vitest';
import { FlowDecoder } from '../../../core/flows/decoders/index.js';
import { FlowBatch, recordAt } from '../../../core/flows/record.js';
import { v5, v5Record, W } from './build.js';

const T = 1_768_478_400;

describe('NetFlow v5', () => {
  it('decodes header and records, times, sampling interval, extras', () => {
    const dec = new FlowDecoder();
    const batch = new FlowBatch();
    const r = dec.decode(v5({ sysUptime: 100_000, secs: T, nsecs: 250_000_000, engineType: 1, engineId: 2, sampling: 0x4000 | 10 },
      [v5Record(), v5Record({ proto: 1, sp: 0, dp: 0x0303, bytes: 84, pkts: 1 })]), '192.0.2.1', 0, batch);
    expect(r).toMatchObject({ protocol: 'netflow5', records: 2, errors: [] });
    expect(recordAt(batch, 0, { extras: true })).toMatchObject({
      source: 'netflow5', domain: 0x0102, srcAddr: '10.0.0.1', dstAddr: '192.0.2.9', srcPort: 40000, dstPort: 443, proto: 6,
      tcpFlags: 0x1b, dscp: 46, inIf: 3, outIf: 7, bytes: 1500, packets: 3, samplingRate: 10, bytesScaled: 15_000,
      startMs: T * 1000 + 250 - 10_000, endMs: T * 1000 + 250 - 1_000,
      extras: [
        { enterprise: 0, id: 15, name: 'ipNextHopIPv4Address', value: '10.0.0.254' },
        { enterprise: 0, id: 16, name: 'bgpSourceAsNumber', value: 64500 },
        { enterprise: 0, id: 17, name: 'bgpDestinationAsNumber', value: 64501 },
        { enterprise: 0, id: 9, name: 'sourceIPv4PrefixLength', value: 24 },
        { enterprise: 0, id: 13, name: 'destinationIPv4PrefixLength', value: 16 },
      ],
    });
    expect(recordAt(batch, 1)).toMatchObject({ proto: 1, srcPort: 0, dstPort: 0x0303 });
  });

  it('counts lost flows from flow_sequence, and keeps whole records of a short datagram', () => {
    const dec = new FlowDecoder();
    const batch = new FlowBatch();
    const x = '192.0.2.1';
    dec.decode(v5({ seq: 0 }, [v5Record(), v5Record()]), x, 0, batch);
    dec.decode(v5({ seq: 2 }, [v5Record()]), x, 0, batch);
    dec.decode(v5({ seq: 10 }, [v5Record()]), x, 0, batch);
    expect(dec.stats.exporter(x).counters.lostRecords).toBe(7);
    const full = v5({ seq: 11, count: 3 }, [v5Record(), v5Record(), v5Record()]);
    const r = dec.decode(full.subarray(0, 24 + 48 * 2 + 10), x, 0, batch, 'netflow');
    expect(r.records).toBe(2);
    expect(r.errors[0]).toMatchObject({ code: 'TRUNCATED', offset: 24 + 96 });
  });

  it('rejects bad headers', () => {
    const dec = new FlowDecoder();
    const batch = new FlowBatch();
    expect(dec.decode(new W().u16(5).u16(1).pad(10).out(), 'x', 0, batch, 'netflow').errors[0]?.code).toBe('TRUNCATED');
    expect(dec.decode(v5({ count: 0 }, []), 'x', 0, batch, 'netflow').errors[0]?.code).toBe('BAD_LENGTH');
    expect(dec.decode(v5({ count: 31 }, []), 'x', 0, batch, 'netflow').errors[0]?.code).toBe('BAD_LENGTH');
    expect(batch.length).toBe(0);
  });
});
