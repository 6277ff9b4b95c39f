// Day-1 configuration templates: a small, logic-less language (a subset of Mustache /
// Handlebars) that an admin can edit safely. Templates are parsed once and checked against
// the variables a VNF role provides; an unknown variable is an error, never an empty string.
//
//   {{a.b}}                         a value (string, number or boolean)
//   {{#each list}} … {{/each}}      repeat for each item; inside, names resolve in the item
//                                   first, then outward; {{@index}} (0-based), {{@number}} (1-based)
//   {{#if x}} … {{else}} … {{/if}}  truthy: non-empty string, non-zero number, true, non-empty list
//   {{#unless x}} … {{/unless}}
//   {{! a comment }}
//
// A tag that stands alone on its line (block tags and comments) takes the whole line with it.

export class TemplateError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'TemplateError';
  }
}

type Node =
  | { t: 'text'; value: string }
  | { t: 'var'; path: string; line: number }
  | { t: 'each'; path: string; line: number; body: Node[] }
  | { t: 'if'; path: string; negate: boolean; line: number; then: Node[]; else: Node[] };

export type TemplateValue = string | number | boolean | null | TemplateScope | TemplateValue[];
export interface TemplateScope {
  [key: string]: TemplateValue;
}

const TAG = /\{\{([\s\S]*?)\}\}/g;
const PATH = /^(@index|@number|this|[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)$/;

interface Token {
  kind: 'text' | 'tag';
  value: string;
  line: number;
  start: number;
  end: number;
}

function lineOf(src: string, index: number): number {
  let n = 1;
  for (let i = 0; i < index; i++) if (src.charCodeAt(i) === 10) n++;
  return n;
}

/** Remove the lines on which a block tag or comment stands alone. */
function tokenize(src: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const m of src.matchAll(TAG)) {
    const start = m.index;
    const end = start + m[0].length;
    if (start > last) tokens.push({ kind: 'text', value: src.slice(last, start), line: lineOf(src, last), start: last, end: start });
    tokens.push({ kind: 'tag', value: (m[1] ?? '').trim(), line: lineOf(src, start), start, end });
    last = end;
  }
  if (last < src.length) tokens.push({ kind: 'text', value: src.slice(last), line: lineOf(src, last), start: last, end: src.length });
  if (src.slice(last).includes('{{')) throw new TemplateError('a "{{" is not closed', lineOf(src, src.indexOf('{{', last)));
  // Standalone block tags: whitespace-only text on both sides up to newlines.
  for (let i = 0; i < tokens.length; i++) {
    const tk = tokens[i]!;
    if (tk.kind !== 'tag' || !/^[#/!]|^else$/.test(tk.value)) continue;
    const lineStart = src.lastIndexOf('\n', tk.start - 1) + 1;
    const nl = src.indexOf('\n', tk.end);
    const lineEnd = nl === -1 ? src.length : nl;
    if (src.slice(lineStart, tk.start).trim() !== '' || src.slice(tk.end, lineEnd).trim() !== '') continue;
    const prev = tokens[i - 1];
    if (prev?.kind === 'text' && prev.end === tk.start) prev.value = prev.value.slice(0, prev.value.length - (tk.start - lineStart));
    const next = tokens[i + 1];
    if (next?.kind === 'text' && next.start === tk.end) {
      const cut = (nl === -1 ? lineEnd : lineEnd + 1) - tk.end;
      next.value = next.value.slice(cut);
      next.start += cut;
    }
  }
  return tokens;
}

function checkPath(path: string, line: number): string {
  if (!PATH.test(path)) throw new TemplateError(`"${path}" is not a variable name`, line);
  return path;
}

export function parseTemplate(src: string): Node[] {
  const tokens = tokenize(src);
  let i = 0;
  const parse = (closing: string | null, openLine: number): { nodes: Node[]; alt: Node[] | null } => {
    const nodes: Node[] = [];
    let alt: Node[] | null = null;
    let cur = nodes;
    while (i < tokens.length) {
      const tk = tokens[i++]!;
      if (tk.kind === 'text') {
        if (tk.value) cur.push({ t: 'text', value: tk.value });
        continue;
      }
      const v = tk.value;
      if (v.startsWith('!')) continue;
      if (v.startsWith('#')) {
        const [kw, path, ...rest] = v.slice(1).trim().split(/\s+/);
        if (!path || rest.length) throw new TemplateError(`"{{${v}}}" needs exactly one variable`, tk.line);
        if (kw === 'each') {
          const body = parse('each', tk.line);
          cur.push({ t: 'each', path: checkPath(path, tk.line), line: tk.line, body: body.nodes });
        } else if (kw === 'if' || kw === 'unless') {
          const body = parse(kw, tk.line);
          cur.push({ t: 'if', path: checkPath(path, tk.line), negate: kw === 'unless', line: tk.line, then: body.nodes, else: body.alt ?? [] });
        } else {
          throw new TemplateError(`unknown block "#${kw}" (use #each, #if or #unless)`, tk.line);
        }
        continue;
      }
      if (v.startsWith('/')) {
        const kw = v.slice(1).trim();
        if (kw !== closing) throw new TemplateError(closing ? `"{{/${kw}}}" closes nothing here (expected {{/${closing}}})` : `"{{/${kw}}}" closes nothing`, tk.line);
        return { nodes, alt };
      }
      if (v === 'else') {
        if (closing !== 'if' && closing !== 'unless') throw new TemplateError('{{else}} outside {{#if}}', tk.line);
        if (alt) throw new TemplateError('a second {{else}}', tk.line);
        alt = [];
        cur = alt;
        continue;
      }
      cur.push({ t: 'var', path: checkPath(v, tk.line), line: tk.line });
    }
    if (closing) throw new TemplateError(`{{#${closing}}} is never closed`, openLine);
    return { nodes, alt };
  };
  return parse(null, 1).nodes;
}

interface Frame {
  scope: TemplateValue;
  index: number;
}

function lookup(stack: Frame[], path: string, line: number): TemplateValue {
  const top = stack[stack.length - 1]!;
  if (path === '@index') return top.index;
  if (path === '@number') return top.index + 1;
  if (path === 'this') return top.scope;
  const [head, ...rest] = path.split('.');
  for (let s = stack.length - 1; s >= 0; s--) {
    const scope = stack[s]!.scope;
    if (scope && typeof scope === 'object' && !Array.isArray(scope) && Object.hasOwn(scope, head!)) {
      let v: TemplateValue = scope[head!]!;
      for (const key of rest) {
        if (!v || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, key)) {
          throw new TemplateError(`unknown variable "${path}"`, line);
        }
        v = v[key]!;
      }
      return v;
    }
  }
  throw new TemplateError(`unknown variable "${path}"`, line);
}

function truthy(v: TemplateValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  return Boolean(v);
}

function renderNodes(nodes: Node[], stack: Frame[], out: string[]): void {
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        out.push(n.value);
        break;
      case 'var': {
        const v = lookup(stack, n.path, n.line);
        if (v !== null && typeof v === 'object') throw new TemplateError(`"${n.path}" is a ${Array.isArray(v) ? 'list' : 'group'}, not a value`, n.line);
        out.push(v === null ? '' : String(v));
        break;
      }
      case 'each': {
        const v = lookup(stack, n.path, n.line);
        if (!Array.isArray(v)) throw new TemplateError(`"${n.path}" is not a list`, n.line);
        v.forEach((item, index) => renderNodes(n.body, [...stack, { scope: item, index }], out));
        break;
      }
      case 'if': {
        const v = truthy(lookup(stack, n.path, n.line));
        renderNodes(v !== n.negate ? n.then : n.else, stack, out);
        break;
      }
    }
  }
}

/** Render a template with its variables; throws TemplateError for unknown variables or bad syntax. */
export function renderTemplate(src: string, vars: TemplateScope): string {
  const out: string[] = [];
  renderNodes(parseTemplate(src), [{ scope: vars, index: 0 }], out);
  return out.join('');
}

/**
 * Check a template against a sample of the variables it will get: syntax, and every name
 * it uses (every branch is visited, lists as if they had one item).
 */
export function checkTemplate(src: string, sample: TemplateScope): TemplateError | null {
  try {
    const visit = (nodes: Node[], stack: Frame[]) => {
      for (const n of nodes) {
        if (n.t === 'var') {
          const v = lookup(stack, n.path, n.line);
          if (v !== null && typeof v === 'object') throw new TemplateError(`"${n.path}" is a ${Array.isArray(v) ? 'list' : 'group'}, not a value`, n.line);
        } else if (n.t === 'each') {
          const v = lookup(stack, n.path, n.line);
          if (!Array.isArray(v)) throw new TemplateError(`"${n.path}" is not a list`, n.line);
          if (v.length === 0) throw new TemplateError(`sample for "${n.path}" is empty`, n.line);
          visit(n.body, [...stack, { scope: v[0]!, index: 0 }]);
        } else if (n.t === 'if') {
          lookup(stack, n.path, n.line);
          visit(n.then, stack);
          visit(n.else, stack);
        }
      }
    };
    visit(parseTemplate(src), [{ scope: sample, index: 0 }]);
    return null;
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
}
