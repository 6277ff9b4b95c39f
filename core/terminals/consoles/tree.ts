// A CLI command tree with Cisco-style parsing: every word may be abbreviated to a unique
// prefix ("sh ip int br"), `?` at the end of a line lists what may come next, Tab
// completes, and errors come in the device's own words.

export interface Ctx {
  /** The words as typed, and the values given for parameters, in order. */
  words: string[];
  args: string[];
}

export interface CmdNode {
  word: string;
  help: string;
  /** A parameter (any one word), shown as `word` (e.g. "A.B.C.D"). */
  param?: boolean;
  /** Free text to the end of the line (e.g. a config line). */
  rest?: boolean;
  next?: CmdNode[];
  run?: (ctx: Ctx) => Promise<string> | string;
}

export type ParseResult =
  | { ok: true; node: CmdNode; ctx: Ctx }
  | { ok: false; kind: 'invalid'; at: number }
  | { ok: false; kind: 'ambiguous'; at: number; word: string }
  | { ok: false; kind: 'incomplete' }
  | { ok: false; kind: 'empty' };

function tokenize(line: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ text: m[0], at: m.index });
  return out;
}

function candidates(nodes: CmdNode[], token: string): CmdNode[] {
  const t = token.toLowerCase();
  const exact = nodes.find((n) => !n.param && !n.rest && n.word.toLowerCase() === t);
  if (exact) return [exact];
  return nodes.filter((n) => !n.param && !n.rest && n.word.toLowerCase().startsWith(t));
}

export function parse(roots: CmdNode[], line: string): ParseResult {
  const tokens = tokenize(line);
  if (tokens.length === 0) return { ok: false, kind: 'empty' };
  let level = roots;
  let node: CmdNode | null = null;
  const ctx: Ctx = { words: [], args: [] };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    const c = candidates(level, tok.text);
    if (c.length === 1) node = c[0]!;
    else if (c.length > 1) return { ok: false, kind: 'ambiguous', at: tok.at, word: tok.text };
    else {
      const rest = level.find((n) => n.rest);
      if (rest) {
        ctx.args.push(line.slice(tok.at).trim());
        ctx.words.push(rest.word);
        return rest.run ? { ok: true, node: rest, ctx } : { ok: false, kind: 'incomplete' };
      }
      const param = level.find((n) => n.param);
      if (!param) return { ok: false, kind: 'invalid', at: tok.at };
      node = param;
      ctx.args.push(tok.text);
    }
    ctx.words.push(node.param ? tok.text : node.word);
    level = node.next ?? [];
  }
  if (!node?.run) return { ok: false, kind: 'incomplete' };
  return { ok: true, node, ctx };
}

/** What may follow `line` (for `?`): [word, help] pairs; null when the line does not parse. */
export function helpFor(roots: CmdNode[], line: string): [string, string][] | null {
  const endsWithSpace = line.length === 0 || /\s$/.test(line);
  const tokens = tokenize(line);
  let level = roots;
  const upTo = endsWithSpace ? tokens.length : tokens.length - 1;
  let node: CmdNode | null = null;
  for (let i = 0; i < upTo; i++) {
    const c = candidates(level, tokens[i]!.text);
    if (c.length === 1) node = c[0]!;
    else if (c.length === 0 && level.some((n) => n.param || n.rest)) node = level.find((n) => n.param || n.rest)!;
    else return null;
    if (node.rest) return [];
    level = node.next ?? [];
  }
  const partial = endsWithSpace ? '' : tokens[tokens.length - 1]!.text.toLowerCase();
  const list: [string, string][] = level
    .filter((n) => n.param || n.rest || n.word.toLowerCase().startsWith(partial))
    .filter((n) => endsWithSpace || (!n.param && !n.rest))
    .map((n) => [n.param || n.rest ? n.word : n.word, n.help]);
  if (endsWithSpace && node?.run && upTo > 0) list.push(['<cr>', '']);
  return list;
}

/** Tab completion for readline: the words that complete the last one. */
export function complete(roots: CmdNode[], line: string): [string[], string] {
  const tokens = tokenize(line);
  const endsWithSpace = line.length === 0 || /\s$/.test(line);
  const last = endsWithSpace ? '' : (tokens[tokens.length - 1]?.text ?? '');
  const help = helpFor(roots, line);
  if (!help) return [[], last];
  const words = help.map(([w]) => w).filter((w) => !w.startsWith('<') && !/^[A-Z]/.test(w) && w.toLowerCase().startsWith(last.toLowerCase()));
  return [words.length === 1 ? [words[0]! + ' '] : words, last];
}
