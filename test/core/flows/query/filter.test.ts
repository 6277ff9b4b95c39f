import { describe, expect, it } from 'vitest';
import { parseFilter, parseAddress, tokenize } from '../../../../core/flows/query/filter.js';
import { complete } from '../../../../core/flows/query/complete.js';

function err(f: string) {
  const r = parseFilter(f);
  if (r.ok) throw new Error(`expected an error for ${f}`);
  return r.error;
}

describe('filter language: parsing', () => {
  it('accepts the documented forms', () => {
    for (const f of [
      '',
      'src = 10.0.0.1',
      'src = 10.0.0.0/8',
      'src in 10.0.0.0/8',
      'dst != 2001:db8::/32',
      'proto = tcp and dstport = 443',
      'proto IN (tcp, udp) OR NOT (dscp >= 46)',
      'port in (https, 80, 0x16)',
      'addr = ::ffff:10.1.2.3',
      'exporter = 127.0.0.1 && !(vlan = 0) || bytes > 1000000',
      'direction = ingress and family = ipv6 and source = sflow',
      'proto not in (icmp, icmpv6)',
      'srcport <= 1024 AND dstport > 1024',
      'sport = 53 or dport = dns',
    ]) {
      const r = parseFilter(f);
      expect(r.ok, `${f}: ${r.ok ? '' : r.error.message}`).toBe(true);
    }
  });

  it('points at the column of a mistake, with what was expected', () => {
    expect(err('prto = tcp')).toMatchObject({ column: 1, length: 4, message: expect.stringContaining('did you mean proto') });
    expect(err('proto = tcpp')).toMatchObject({ column: 9, message: expect.stringContaining('did you mean tcp') });
    expect(err('src = 10.0.0.300')).toMatchObject({ column: 7, message: '"10.0.0.300" is not an IPv4 address' });
    expect(err('src = 10.0.0.0/33')).toMatchObject({ column: 7, message: expect.stringContaining('prefix length') });
    expect(err('proto = tcp and')).toMatchObject({ column: 16, expected: expect.arrayContaining(['a field']) });
    expect(err('(proto = tcp')).toMatchObject({ column: 13, message: 'the "(" at column 1 is not closed' });
    expect(err('proto = tcp)')).toMatchObject({ column: 12, message: 'this ")" closes nothing' });
    expect(err('proto tcp')).toMatchObject({ column: 7, expected: expect.arrayContaining(['=', 'IN']) });
    expect(err('src < 10.0.0.1')).toMatchObject({ column: 5 });
    expect(err('proto = tcp dstport = 80')).toMatchObject({ column: 13, message: expect.stringContaining('AND or OR') });
    expect(err('dscp = 64')).toMatchObject({ column: 8, message: 'dscp is at most 63' });
    expect(err('proto in (tcp udp)')).toMatchObject({ column: 15 });
    expect(err('src = "10.0.0.1')).toMatchObject({ column: 7, message: 'this string is not closed' });
    expect(err('a & b')).toMatchObject({ column: 3 });
  });

  it('reads IPv4 and IPv6 addresses and prefixes', () => {
    expect(parseAddress('10.1.2.3/8')).toEqual({ ok: true, a: { family: 4, v4: 0x0a000000, len: 8 } });
    const v6 = parseAddress('2001:db8::1/32');
    expect(v6.ok && v6.a.family === 6 && v6.a.bytes.slice(0, 4)).toEqual([0x20, 0x01, 0x0d, 0xb8]);
    expect(parseAddress('::ffff:10.0.0.1')).toEqual({ ok: true, a: { family: 4, v4: 0x0a000001, len: 32 } });
    expect(parseAddress('1:2:3:4:5:6:7:8:9').ok).toBe(false);
    expect(parseAddress('1::2::3').ok).toBe(false);
  });

  it('tokenizes operators without spaces', () => {
    expect(tokenize('src=10.0.0.1&&proto!=6').map((t) => t.text)).toEqual(['src', '=', '10.0.0.1', '&&', 'proto', '!=', '6', '']);
  });

  it('refuses deep nesting and very long filters without throwing', () => {
    expect(parseFilter('('.repeat(300) + 'proto = 6' + ')'.repeat(300)).ok).toBe(false);
    expect(parseFilter('x'.repeat(9000)).ok).toBe(false);
  });
});

describe('filter language: completion', () => {
  const texts = (f: string, at = f.length) => complete(f, at, { exporters: ['127.0.0.1'] }).items.map((i) => i.text);
  it('offers fields, operators, values and joiners where they fit', () => {
    expect(texts('')).toContain('proto');
    expect(texts('pro')).toEqual(['proto']);
    expect(texts('proto ')).toEqual(expect.arrayContaining(['=', '!=', 'IN']));
    expect(texts('proto = ')).toEqual(expect.arrayContaining(['tcp', 'udp', 'icmp']));
    expect(texts('proto = u')).toEqual(['udp']);
    expect(texts('exporter = ')).toEqual(['127.0.0.1']);
    expect(texts('proto = tcp ')).toEqual(['AND', 'OR']);
    expect(texts('proto = tcp and d')).toEqual(expect.arrayContaining(['dst', 'dstport', 'dscp', 'direction', 'domain']));
    expect(texts('proto in (tcp, ')).toContain('udp');
    expect(texts('direction = ')).toEqual(['ingress', 'egress', 'unknown']);
  });
  it('replaces the word under the cursor', () => {
    const c = complete('proto = tc and src = 1.2.3.4', 10);
    expect(c).toMatchObject({ from: 8, to: 10 });
    expect(c.items.map((i) => i.text)).toEqual(['tcp']);
  });
});
