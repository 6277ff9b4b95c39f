// The flow filter language: a hand-written tokenizer and recursive-descent parser.
// Pure code (no Node imports): the core compiles the tree to a predicate (compile.ts), the
// renderer uses the same parser to point at mistakes and to complete as you type.
//
//   filter  := or
//   or      := and ( OR and )*
//   and     := not ( AND not )*
//   not     := NOT not | '(' or ')' | compare
//   compare := FIELD op value | FIELD [NOT] IN '(' value ( ',' value )* ')'
//   op      := = | == | != | < | > | <= | >=
//   value   := number | name | IPv4 / IPv6 [/len] | "string"
//
// Keywords are case-insensitive; `&&`, `||` and `!` are accepted for AND, OR and NOT.
// An address value with a prefix length matches by CIDR (`src = 10.0.0.0/8`, `src in
// 10.0.0.0/8`). Errors carry the 1-based column of the mistake and what was expected.
import { FIELDS, closest, fieldNamed, type FieldDef } from './fields.js';

export type CmpOp = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type AddrValue = { family: 4; v4: number; len: number } | { family: 6; bytes: number[]; len: number };

export type Value = { kind: 'num'; n: number } | { kind: 'addr'; a: AddrValue };

export type FilterNode =
  | { kind: 'or'; items: FilterNode[] }
  | { kind: 'and'; items: FilterNode[] }
  | { kind: 'not'; item: FilterNode }
  | { kind: 'cmp'; field: FieldDef; op: CmpOp; values: Value[]; column: number }
  | { kind: 'true' };

export interface FilterError {
  /** 1-based column where the mistake starts. */
  column: number;
  /** How many characters are wrong (at least 1). */
  length: number;
  message: string;
  /** What would have been right there. */
  expected: string[];
}

export type ParseResult = { ok: true; node: FilterNode; fields: string[] } | { ok: false; error: FilterError };

// ------------------------------------------------------------------ tokens

export type TokKind = 'word' | 'string' | 'op' | 'lparen' | 'rparen' | 'comma' | 'end';
export interface Token {
  kind: TokKind;
  text: string;
  /** 0-based offset in the input. */
  pos: number;
}

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '=', '<', '>', '!'];
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\n' || c === '\r';
const WORD_STOP = new Set([' ', '\t', '\n', '\r', '(', ')', ',', '"', "'", '=', '!', '<', '>', '&', '|']);

export class FilterSyntaxError extends Error {
  constructor(readonly detail: FilterError) {
    super(`column ${detail.column}: ${detail.message}`);
  }
}

function fail(pos: number, length: number, message: string, expected: string[] = []): never {
  throw new FilterSyntaxError({ column: pos + 1, length: Math.max(1, length), message, expected });
}

/** Split the input into tokens; an unterminated string or a stray character is an error. */
export function tokenize(input: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '(') out.push({ kind: 'lparen', text: c, pos: i++ });
    else if (c === ')') out.push({ kind: 'rparen', text: c, pos: i++ });
    else if (c === ',') out.push({ kind: 'comma', text: c, pos: i++ });
    else if (c === '"' || c === "'") {
      const end = input.indexOf(c, i + 1);
      if (end < 0) fail(i, input.length - i, 'this string is not closed', [c]);
      out.push({ kind: 'string', text: input.slice(i + 1, end), pos: i });
      i = end + 1;
    } else {
      const op = OPS.find((o) => input.startsWith(o, i));
      if (op) {
        out.push({ kind: 'op', text: op, pos: i });
        i += op.length;
      } else if (c === '&' || c === '|') {
        fail(i, 1, `"${c}" alone is not an operator`, [c + c]);
      } else {
        const start = i;
        while (i < input.length && !WORD_STOP.has(input[i]!)) i++;
        out.push({ kind: 'word', text: input.slice(start, i), pos: start });
      }
    }
  }
  out.push({ kind: 'end', text: '', pos: input.length });
  return out;
}

// ------------------------------------------------------------------ values

function parseV4(s: string): number | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let v = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    const n = Number(p);
    if (n > 255) return null;
    v = v * 256 + n;
  }
  return v >>> 0;
}

function parseV6(s: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return null;
  const dbl = s.indexOf('::');
  if (dbl !== s.lastIndexOf('::')) return null;
  const toWords = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let k = 0; k < groups.length; k++) {
      const g = groups[k]!;
      if (k === groups.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (v4 === null) return null;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  let words: number[];
  if (dbl >= 0) {
    const head = toWords(s.slice(0, dbl));
    const tail = toWords(s.slice(dbl + 2));
    if (!head || !tail || head.length + tail.length > 7) return null;
    words = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    const w = toWords(s);
    if (!w || w.length !== 8) return null;
    words = w;
  }
  const bytes: number[] = [];
  for (const w of words) bytes.push(w >> 8, w & 0xff);
  return bytes;
}

/** An IPv4 / IPv6 address or prefix, or null with why. */
export function parseAddress(text: string): { ok: true; a: AddrValue } | { ok: false; why: string } {
  const slash = text.indexOf('/');
  const addr = slash >= 0 ? text.slice(0, slash) : text;
  const lenText = slash >= 0 ? text.slice(slash + 1) : null;
  const v4 = parseV4(addr);
  if (v4 !== null) {
    const len = lenText === null ? 32 : /^\d{1,2}$/.test(lenText) ? Number(lenText) : NaN;
    if (!(len >= 0 && len <= 32)) return { ok: false, why: `"/${lenText}" is not an IPv4 prefix length (0–32)` };
    const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
    return { ok: true, a: { family: 4, v4: (v4 & mask) >>> 0, len } };
  }
  const v6 = parseV6(addr);
  if (v6 !== null) {
    // An IPv4-mapped IPv6 address is the IPv4 address.
    if (v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff) {
      const len6 = lenText === null ? 128 : Number(lenText);
      if (!(len6 >= 96 && len6 <= 128)) return { ok: false, why: 'an IPv4-mapped prefix needs a length of 96–128' };
      return parseAddress(`${v6[12]}.${v6[13]}.${v6[14]}.${v6[15]}/${len6 - 96}`);
    }
    const len = lenText === null ? 128 : /^\d{1,3}$/.test(lenText) ? Number(lenText) : NaN;
    if (!(len >= 0 && len <= 128)) return { ok: false, why: `"/${lenText}" is not an IPv6 prefix length (0–128)` };
    for (let k = 0; k < 16; k++) {
      const keep = Math.max(0, Math.min(8, len - k * 8));
      v6[k] = v6[k]! & ((0xff << (8 - keep)) & 0xff);
    }
    return { ok: true, a: { family: 6, bytes: v6, len } };
  }
  if (/^[\d.]+$/.test(addr)) return { ok: false, why: `"${addr}" is not an IPv4 address` };
  return { ok: false, why: `"${text}" is not an IP address or prefix` };
}

function valueOf(field: FieldDef, tok: Token): Value {
  if (tok.kind !== 'word' && tok.kind !== 'string') {
    fail(
      tok.pos,
      Math.max(1, tok.text.length),
      tok.kind === 'end' ? `${field.name} needs a value` : `expected a value for ${field.name}`,
      expectedValues(field),
    );
  }
  const text = tok.text;
  if (field.kind === 'addr') {
    const r = parseAddress(text);
    if (!r.ok) fail(tok.pos, text.length, r.why, expectedValues(field));
    return { kind: 'addr', a: r.a };
  }
  const named = field.names?.[text.toLowerCase()];
  if (named !== undefined) return { kind: 'num', n: named };
  if (field.kind === 'number' && /^(0x[0-9a-fA-F]+|\d+)$/.test(text)) {
    const n = Number(text);
    if (field.max !== undefined && n > field.max) fail(tok.pos, text.length, `${field.name} is at most ${field.max}`, expectedValues(field));
    return { kind: 'num', n };
  }
  if (field.names) {
    const guess = closest(text, Object.keys(field.names));
    fail(tok.pos, text.length, `"${text}" is not a ${field.label.toLowerCase()}${guess ? ` — did you mean ${guess}?` : ''}`, expectedValues(field));
  }
  fail(tok.pos, text.length, `"${text}" is not a number`, expectedValues(field));
}

export function expectedValues(field: FieldDef): string[] {
  if (field.kind === 'addr') return ['an address (10.0.0.1, 2001:db8::1)', 'a prefix (10.0.0.0/8)'];
  const names = field.names ? Object.keys(field.names) : [];
  return field.kind === 'number' ? ['a number', ...names] : names;
}

export function opsFor(field: FieldDef): CmpOp[] {
  return field.kind === 'number' ? ['=', '!=', '<', '>', '<=', '>='] : ['=', '!='];
}

// ------------------------------------------------------------------ parser

const kw = (t: Token, word: string) => t.kind === 'word' && t.text.toLowerCase() === word;
const isAnd = (t: Token) => kw(t, 'and') || (t.kind === 'op' && t.text === '&&');
const isOr = (t: Token) => kw(t, 'or') || (t.kind === 'op' && t.text === '||');
const isNot = (t: Token) => kw(t, 'not') || (t.kind === 'op' && t.text === '!');

const FIELD_NAMES = FIELDS.map((f) => f.name);
const AFTER_TERM = ['AND', 'OR', ')'];
const START_TERM = ['a field', 'NOT', '('];

class Parser {
  private i = 0;
  readonly fields = new Set<string>();
  depth = 0;
  constructor(private readonly toks: Token[]) {}
  private get t(): Token {
    return this.peek();
  }
  private peek(): Token {
    return this.toks[this.i]!;
  }
  private next(): Token {
    return this.toks[this.i++]!;
  }

  parse(): FilterNode {
    if (this.t.kind === 'end') return { kind: 'true' };
    const node = this.or();
    if (this.peek().kind !== 'end') {
      const t = this.peek();
      if (t.kind === 'rparen') fail(t.pos, 1, 'this ")" closes nothing', ['AND', 'OR']);
      fail(t.pos, t.text.length, `expected AND, OR or the end, not "${t.text}"`, ['AND', 'OR']);
    }
    return node;
  }

  private or(): FilterNode {
    const items = [this.and()];
    while (isOr(this.t)) {
      this.next();
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  private and(): FilterNode {
    const items = [this.not()];
    for (;;) {
      if (isAnd(this.t)) {
        this.next();
        items.push(this.not());
      } else if (this.t.kind === 'word' && !isOr(this.t)) {
        const t = this.t;
        fail(t.pos, t.text.length, `expected AND or OR before "${t.text}"`, AFTER_TERM);
      } else break;
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private not(): FilterNode {
    if (++this.depth > 200) fail(this.t.pos, 1, 'the filter is nested too deeply');
    try {
      const t = this.t;
      if (isNot(t)) {
        this.next();
        return { kind: 'not', item: this.not() };
      }
      if (t.kind === 'lparen') {
        this.next();
        if (this.peek().kind === 'rparen') fail(this.peek().pos, 1, 'empty parentheses', START_TERM);
        const inner = this.or();
        if (this.peek().kind !== 'rparen') {
          const u = this.peek();
          fail(u.pos, Math.max(1, u.text.length), u.kind === 'end' ? `the "(" at column ${t.pos + 1} is not closed` : `expected ")" not "${u.text}"`, [
            ')',
            'AND',
            'OR',
          ]);
        }
        this.next();
        return inner;
      }
      return this.compare();
    } finally {
      this.depth--;
    }
  }

  private compare(): FilterNode {
    const ft = this.next();
    if (ft.kind === 'end') fail(ft.pos, 1, 'expected a condition', START_TERM);
    if (ft.kind !== 'word') fail(ft.pos, ft.text.length, `expected a field, not "${ft.text}"`, FIELD_NAMES);
    const field = fieldNamed(ft.text);
    if (!field) {
      const guess = closest(ft.text, FIELD_NAMES);
      fail(ft.pos, ft.text.length, `unknown field "${ft.text}"${guess ? ` — did you mean ${guess}?` : ''}`, FIELD_NAMES);
    }
    this.fields.add(field.name);
    const opTok = this.next();
    let negate = false;
    if (kw(opTok, 'not') && kw(this.t, 'in')) {
      negate = true;
      this.next();
    }
    if (kw(opTok, 'in') || negate) {
      // `src in 10.0.0.0/8` (one value) or `proto in (tcp, udp)`.
      const values: Value[] = [];
      if (this.t.kind === 'lparen') {
        this.next();
        for (;;) {
          values.push(valueOf(field, this.next()));
          const sep = this.next();
          if (sep.kind === 'rparen') break;
          if (sep.kind !== 'comma')
            fail(sep.pos, Math.max(1, sep.text.length), sep.kind === 'end' ? 'the list is not closed' : `expected "," or ")" not "${sep.text}"`, [',', ')']);
        }
      } else values.push(valueOf(field, this.next()));
      const node: FilterNode = { kind: 'cmp', field, op: '=', values, column: ft.pos + 1 };
      return negate ? { kind: 'not', item: node } : node;
    }
    if (opTok.kind !== 'op' || opTok.text === '!' || opTok.text === '&&' || opTok.text === '||') {
      fail(
        opTok.pos,
        Math.max(1, opTok.text.length),
        opTok.kind === 'end' ? `${field.name} needs an operator` : `expected an operator after ${field.name}, not "${opTok.text}"`,
        [...opsFor(field), 'IN'],
      );
    }
    const op = (opTok.text === '==' ? '=' : opTok.text) as CmpOp;
    if (!opsFor(field).includes(op)) fail(opTok.pos, opTok.text.length, `${field.name} cannot be compared with ${op}`, [...opsFor(field), 'IN']);
    const vt = this.next();
    const v = valueOf(field, vt);
    if (v.kind === 'addr' && op !== '=' && op !== '!=') fail(opTok.pos, opTok.text.length, 'addresses compare with = or != only');
    return { kind: 'cmp', field, op, values: [v], column: ft.pos + 1 };
  }
}

/** Parse a filter. An empty filter matches everything. */
export function parseFilter(input: string): ParseResult {
  if (input.length > 8192) return { ok: false, error: { column: 8193, length: 1, message: 'the filter is longer than 8192 characters', expected: [] } };
  try {
    const p = new Parser(tokenize(input));
    const node = p.parse();
    return { ok: true, node, fields: [...p.fields] };
  } catch (e) {
    if (e instanceof FilterSyntaxError) return { ok: false, error: e.detail };
    throw e;
  }
}
