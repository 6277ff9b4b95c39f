// Fuzzing the filter language: random token soups and mutations of valid filters. The
// parser never throws, an error's column lies within the input (+1 for "at the end"), and
// what parses compiles and runs on a block without throwing.
import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../core/flows/query/filter.js';
import { compileFilter } from '../../core/flows/query/compile.js';
import { complete } from '../../core/flows/query/complete.js';
import { BlockColumns } from '../../core/flows/store/block.js';
import { xorshift32 } from '../helpers/random.js';

const CASES = Number(process.env['FUZZ_CASES'] ?? 20_000);
const rnd = xorshift32(Number(process.env['FUZZ_SEED'] ?? 3));
const pick = <T>(a: readonly T[]) => a[Math.floor(rnd() * a.length)]!;

const PIECES = [
  'src',
  'dst',
  'addr',
  'proto',
  'port',
  'dstport',
  'exporter',
  'vlan',
  'dscp',
  'family',
  'direction',
  'bytes',
  '=',
  '!=',
  '<',
  '>=',
  '==',
  'in',
  'IN',
  'not',
  'NOT',
  'and',
  'or',
  '&&',
  '||',
  '!',
  '(',
  ')',
  ',',
  '"',
  "'",
  'tcp',
  'udp',
  'https',
  'ipv6',
  'egress',
  '10.0.0.0/8',
  '10.1.2.3',
  '2001:db8::/32',
  '::ffff:1.2.3.4',
  '::',
  '1.2.3',
  '300',
  '0x1f',
  '65536',
  '-1',
  '/',
  ':',
  'é',
  '\u0000',
  ' ',
  '  ',
  '\t',
];
const VALID = [
  'proto = tcp and dst in 10.0.0.0/8',
  'not (port in (80, 443)) or dscp >= 46',
  'src = 2001:db8::/32 and family = ipv6',
  'exporter = 127.0.0.1 && vlan != 0',
];

describe('filter fuzzing', () => {
  it(`${CASES} random and mutated filters: no exception, sane columns`, () => {
    const cols = new BlockColumns();
    cols.ensure(4);
    cols.batch.length = 0;
    for (let n = 0; n < 4; n++) {
      const i = cols.batch.pushBlank();
      cols.batch.family[i] = n % 2 ? 6 : 4;
    }
    let ok = 0;
    for (let k = 0; k < CASES; k++) {
      let f: string;
      if (rnd() < 0.5) f = Array.from({ length: 1 + Math.floor(rnd() * 12) }, () => pick(PIECES)).join(rnd() < 0.7 ? ' ' : '');
      else {
        const v = pick(VALID).split('');
        for (let m = 0; m < 1 + Math.floor(rnd() * 3); m++) {
          const at = Math.floor(rnd() * (v.length + 1));
          const r = rnd();
          if (r < 0.4) v.splice(at, 1);
          else if (r < 0.8) v.splice(at, 0, pick(PIECES));
          else v.splice(at, 0, String.fromCharCode(Math.floor(rnd() * 128)));
        }
        f = v.join('');
      }
      const p = parseFilter(f);
      if (p.ok) {
        ok++;
        const pred = compileFilter(p.node);
        for (let i = 0; i < cols.length; i++) if (pred) expect(typeof pred(cols, i)).toBe('boolean');
      } else {
        expect(p.error.column, f).toBeGreaterThanOrEqual(1);
        expect(p.error.column, f).toBeLessThanOrEqual(f.length + 1);
        expect(p.error.message.length).toBeGreaterThan(0);
      }
      const c = complete(f, Math.floor(rnd() * (f.length + 1)));
      expect(c.from).toBeLessThanOrEqual(c.to);
    }
    expect(ok).toBeGreaterThan(CASES / 50);
  });
});
