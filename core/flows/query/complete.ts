// Autocompletion for the filter language: what may come at the cursor. Pure code, used by
// the renderer's filter box (and tested with the parser).
import { FIELDS, fieldNamed, type FieldDef } from './fields.js';
import { opsFor, tokenize, type Token } from './filter.js';

export interface Suggestion {
  /** Text to insert. */
  text: string;
  /** A short explanation. */
  detail: string;
}

export interface Completion {
  /** Offsets of the text the suggestion replaces (the word being typed). */
  from: number;
  to: number;
  items: Suggestion[];
}

type State = { want: 'field' } | { want: 'op'; field: FieldDef } | { want: 'value'; field: FieldDef; list: boolean } | { want: 'joiner' };

function stateAfter(toks: Token[]): State {
  let s: State = { want: 'field' };
  let inList = false;
  for (let k = 0; k < toks.length; k++) {
    const t = toks[k]!;
    const w = t.kind === 'word' ? t.text.toLowerCase() : '';
    if (s.want === 'field') {
      if (w === 'not' || t.kind === 'lparen' || (t.kind === 'op' && t.text === '!')) continue;
      const f = t.kind === 'word' ? fieldNamed(t.text) : undefined;
      s = f ? { want: 'op', field: f } : { want: 'joiner' };
    } else if (s.want === 'op') {
      if (w === 'not') continue;
      if (w === 'in') {
        if (toks[k + 1]?.kind === 'lparen') {
          k++;
          inList = true;
        }
        s = { want: 'value', field: s.field, list: inList };
      } else s = { want: 'value', field: s.field, list: false };
    } else if (s.want === 'value') {
      if (s.list) {
        // inside IN ( … ): a value, then "," (another) or ")" (done)
        const next = toks[k + 1];
        if (next?.kind === 'comma') {
          k++;
          continue;
        }
        if (next?.kind === 'rparen') k++;
        inList = false;
      }
      s = { want: 'joiner' };
    } else {
      if (w === 'and' || w === 'or' || (t.kind === 'op' && (t.text === '&&' || t.text === '||'))) s = { want: 'field' };
    }
  }
  return s;
}

function valueSuggestions(f: FieldDef, exporters: readonly string[]): Suggestion[] {
  if (f.name === 'exporter') return exporters.map((e) => ({ text: e, detail: 'an exporter seen' }));
  if (f.kind === 'addr') return [{ text: '10.0.0.0/8', detail: 'a prefix (CIDR)' }];
  return Object.entries(f.names ?? {}).map(([n, v]) => ({ text: n, detail: String(v) }));
}

/** Suggestions for the cursor position in `input`. */
export function complete(input: string, cursor: number, opts: { exporters?: readonly string[] } = {}): Completion {
  const before = input.slice(0, cursor);
  let toks: Token[];
  try {
    toks = tokenize(before).filter((t) => t.kind !== 'end');
  } catch {
    return { from: cursor, to: cursor, items: [] };
  }
  let from = cursor;
  let partial = '';
  const last = toks[toks.length - 1];
  if (last && last.kind === 'word' && last.pos + last.text.length === cursor) {
    toks.pop();
    from = last.pos;
    partial = last.text.toLowerCase();
  }
  let to = cursor;
  while (to < input.length && /[^\s(),"'=!<>&|]/.test(input[to]!)) to++;
  const s = stateAfter(toks);
  let items: Suggestion[];
  if (s.want === 'field') {
    items = [...FIELDS.map((f) => ({ text: f.name, detail: f.help })), { text: 'NOT', detail: 'negate the next condition' }];
  } else if (s.want === 'op') {
    items = [
      ...opsFor(s.field).map((o) => ({ text: o, detail: 'compare' })),
      { text: 'IN', detail: 'one of a list (or a prefix)' },
      { text: 'NOT IN', detail: 'none of a list' },
    ];
  } else if (s.want === 'value') {
    items = valueSuggestions(s.field, opts.exporters ?? []);
  } else {
    items = [
      { text: 'AND', detail: 'both' },
      { text: 'OR', detail: 'either' },
    ];
  }
  if (partial) items = items.filter((i) => i.text.toLowerCase().startsWith(partial) && i.text.toLowerCase() !== partial);
  return { from, to, items: items.slice(0, 40) };
}
