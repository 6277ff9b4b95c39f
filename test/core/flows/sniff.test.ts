import { describe, expect, it } from 'vitest';
import { inFamily, sniffProtocol } from '../../../core/flows/decoders/index.js';
import { flowSample, ipfix, ipfixTemplateSet, sflow, v5, v5Record, V4_FIELDS, v9, v9TemplateSet, W } from './build.js';

describe('sniffProtocol', () => {
  it('recognises each protocol from its header', () => {
    expect(sniffProtocol(v5({}, [v5Record()]))).toBe('netflow5');
    expect(sniffProtocol(v9({}, v9TemplateSet([256, V4_FIELDS])))).toBe('netflow9');
    expect(sniffProtocol(v9({}))).toBe('netflow9');
    expect(sniffProtocol(ipfix({}, ipfixTemplateSet([256, V4_FIELDS])))).toBe('ipfix');
    expect(sniffProtocol(sflow({}, [flowSample({}, [])]))).toBe('sflow5');
    expect(sniffProtocol(sflow({ agent: '2001:db8::1' }, []))).toBe('sflow5');
  });

  it('refuses look-alikes', () => {
    expect(sniffProtocol(new Uint8Array(0))).toBeNull();
    expect(sniffProtocol(new W().u16(5).u16(2).pad(60).out())).toBeNull(); // v5 shorter than its count
    expect(sniffProtocol(new W().u16(9).u16(1).pad(20).u16(0).u16(2).out())).toBeNull(); // set length < 4
    expect(sniffProtocol(ipfix({ length: 200 }))).toBeNull();
    expect(sniffProtocol(new W().u32(5).u32(7).pad(24).out())).toBeNull();
    expect(sniffProtocol(new W().u16(0x1234).pad(40).out())).toBeNull();
    // A DNS query.
    expect(sniffProtocol(Uint8Array.from([0xab, 0xcd, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 119, 119, 119, 0, 0, 1, 0, 1]))).toBeNull();
  });

  it('maps protocols to families', () => {
    expect(inFamily('netflow5', 'netflow')).toBe(true);
    expect(inFamily('netflow9', 'netflow')).toBe(true);
    expect(inFamily('ipfix', 'netflow')).toBe(false);
    expect(inFamily('ipfix', 'ipfix')).toBe(true);
    expect(inFamily('sflow5', 'sflow')).toBe(true);
  });
});
