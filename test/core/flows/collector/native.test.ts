// The batched receiver's address table: exporter addresses as the text dgram would give.
import { describe, expect, it } from 'vitest';
import { AddressNames, META } from '../../../../core/flows/collector/native.js';

function meta(family: 4 | 6, words: number[]): Int32Array {
  const m = new Int32Array(META);
  m[2] = family;
  words.forEach((w, k) => (m[4 + k] = w | 0));
  return m;
}

describe('AddressNames', () => {
  it('names IPv4, IPv6 (RFC 5952) and IPv4-mapped sources as dgram does, once per address', () => {
    const n = new AddressNames();
    expect(n.of(meta(4, [0x7f000001]), 0)).toBe('127.0.0.1');
    expect(n.of(meta(4, [0xc0a80afe]), 0)).toBe('192.168.10.254');
    expect(n.of(meta(6, [0x20010db8, 0, 0, 1]), 0)).toBe('2001:db8::1');
    expect(n.of(meta(6, [0, 0, 0, 1]), 0)).toBe('::1');
    expect(n.of(meta(6, [0xfe800000, 0, 0x02000aff, 0xfe000001]), 0)).toBe('fe80::200:aff:fe00:1');
    expect(n.of(meta(6, [0x20010db8, 0x00010000, 0x00010000, 0x00000001]), 0)).toBe('2001:db8:1:0:1::1');
    expect(n.of(meta(6, [0, 0, 0xffff, 0x0a000001]), 0)).toBe('10.0.0.1');
    const a = n.of(meta(4, [0x0a090807]), 0);
    expect(n.of(meta(4, [0x0a090807]), 0)).toBe(a);
  });
});
