// What a topology view looks like, written once for two surfaces: the canvas (every frame)
// and SVG (export). The painter decides shapes, colours and detail for the zoom level; a
// Sink draws them. Pure: no DOM.
import type { TopoGraph } from '../../../core/topology/model.js';
import type { NodeState, TopoEdge, TopoNode } from '../../../core/topology/contract.js';
import type { Box, Layout } from './layout.js';
import { HEAD } from './layout.js';
import type { Palette } from './palette.js';
import { passes, type Filters } from './scene.js';

export interface ShapeStyle {
  fill?: string;
  stroke?: string;
  width?: number;
  radius?: number;
  dash?: number[];
  alpha?: number;
}

export interface TextStyle {
  size: number;
  fill: string;
  weight?: number;
  align?: 'left' | 'center' | 'right';
  alpha?: number;
}

export type PathSpec = { points: [number, number][] } | { bezier: [number, number, number, number, number, number, number, number] };

export interface Sink {
  rect(x: number, y: number, w: number, h: number, s: ShapeStyle): void;
  text(t: string, x: number, y: number, s: TextStyle): void;
  path(p: PathSpec, s: ShapeStyle): void;
  circle(x: number, y: number, r: number, s: ShapeStyle): void;
  /** Width of a text at a size, in world units. */
  measure(t: string, size: number, weight?: number): number;
  /** Hint that a node starts / ends (SVG groups it with its id). */
  begin?(id: string, title: string): void;
  end?(): void;
}

export interface PaintInput {
  graph: TopoGraph;
  layout: Layout;
  palette: Palette;
  view: 'infrastructure' | 'service';
  /** The visible part of the world. */
  viewport: { x0: number; y0: number; x1: number; y1: number };
  /** Zoom: screen pixels per world unit. */
  k: number;
  selection: ReadonlySet<string>;
  hover: string | null;
  focus: string | null;
  filters: Filters;
  /** Nodes of the selected VNFs' services (infrastructure view): their chain is drawn. */
  chain: ReadonlySet<string>;
  now: number;
  /** Node id → when its state changed (a ring pulses for FLASH_MS). */
  flashes: ReadonlyMap<string, number>;
  /** Where a node is drawn this frame, when it is moving to its new place. */
  boxOf?: (id: string) => Box | undefined;
  /** Search match being shown. */
  found: string | null;
}

export const FLASH_MS = 900;

const GLYPH: Record<string, string> = {
  vrouter: 'R',
  vfirewall: 'FW',
  vwebsecurity: 'WS',
  vips: 'IPS',
  other: 'V',
  platform: 'P',
  enforcer: 'E',
  site: 'SITE',
  cpe: 'CPE',
  tunnel: 'IPsec',
  internet: 'NET',
};

export const BADGE_MARK: Record<string, { glyph: string; colour: (p: Palette) => string; meaning: string }> = {
  fault: { glyph: '!', colour: (p) => p.state.ERROR, meaning: 'the infrastructure reported a fault' },
  operation: { glyph: '↻', colour: (p) => p.state.BUILD, meaning: 'an operation is working on it' },
  master: { glyph: 'M', colour: (p) => p.accent, meaning: 'master of a redundant pair (ESC, NSO)' },
  redundant: { glyph: '⇄', colour: (p) => p.state.STANDBY, meaning: 'its service has a redundant path' },
  traffic: { glyph: '▸', colour: (p) => p.accent, meaning: 'on the path that carries traffic now' },
  silent: { glyph: 'z', colour: (p) => p.faint, meaning: 'missed its keep-alives' },
};

const truncCache = new Map<string, string>();

/** Text cut to fit a width, with an ellipsis (cached per text, size and width). */
export function fit(sink: Sink, t: string, size: number, width: number, weight = 400): string {
  const key = `${size}|${weight}|${Math.round(width)}|${t}`;
  const hit = truncCache.get(key);
  if (hit !== undefined) return hit;
  let out = t;
  if (sink.measure(t, size, weight) > width) {
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sink.measure(t.slice(0, mid) + '…', size, weight) <= width) lo = mid;
      else hi = mid - 1;
    }
    out = lo > 0 ? t.slice(0, lo) + '…' : '';
  }
  if (truncCache.size > 20_000) truncCache.clear();
  truncCache.set(key, out);
  return out;
}

function stackedBar(sink: Sink, p: Palette, x: number, y: number, w: number, h: number, counts: Partial<Record<NodeState, number>>) {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  sink.rect(x, y, w, h, { fill: p.hover, radius: 2 });
  if (!total) return;
  let xx = x;
  for (const s of ['ERROR', 'DEGRADED', 'BUILD', 'MAINTENANCE', 'STANDBY', 'UNKNOWN', 'ACTIVE'] as NodeState[]) {
    const n = counts[s] ?? 0;
    if (!n) continue;
    const ww = (n / total) * w;
    sink.rect(xx, y, ww, h, { fill: p.state[s] });
    xx += ww;
  }
}

function summary(counts: Partial<Record<NodeState, number>>): string {
  const total = Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
  const bad = (['ERROR', 'DEGRADED', 'BUILD'] as NodeState[]).filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`);
  return [`${total} inside`, ...bad].join(' · ');
}

function badges(sink: Sink, p: Palette, n: TopoNode, right: number, top: number, size: number) {
  let x = right;
  for (const b of n.badges) {
    const m = BADGE_MARK[b];
    if (!m) continue;
    const r = size / 2;
    sink.circle(x - r, top + r, r, { fill: m.colour(p), stroke: p.panel, width: 1 });
    sink.text(m.glyph, x - r, top + r + size * 0.32, { size: size * 0.8, fill: p.dark ? '#06101c' : '#ffffff', weight: 700, align: 'center' });
    x -= size + 2;
  }
}

function groupFrame(sink: Sink, inp: PaintInput, n: TopoNode, b: Box) {
  const p = inp.palette;
  const k = inp.k;
  const head = n.kind === 'dc' ? HEAD.dc : n.kind === 'pod' ? HEAD.pod : HEAD.server;
  const fill = n.kind === 'dc' ? p.raised : n.kind === 'pod' ? p.panel : p.bg;
  const stroke = n.state === 'ACTIVE' ? (n.kind === 'server' ? p.border : p.borderStrong) : p.state[n.state];
  sink.rect(b.x, b.y, b.w, b.h, { fill, stroke, width: Math.max(1, 1 / k), radius: n.kind === 'server' ? 4 : 8 });
  // The group's own state: a stripe along the top of its title.
  sink.rect(b.x, b.y, b.w, Math.min(3, head / 6), { fill: p.state[n.state], radius: 2, alpha: n.state === 'ACTIVE' ? 0.55 : 1 });
  const size = n.kind === 'dc' ? 15 : n.kind === 'pod' ? 13 : inp.view === 'service' ? 12 : 11;
  // Far out, data centres and PoDs keep a readable name: drawn last, over what they hold (farLabels).
  if ((n.kind === 'dc' || n.kind === 'pod') && size * k < 10 && !b.collapsed) return;
  if (size * k >= 6) {
    const label = fit(sink, n.label, size, b.w - 60, 600);
    sink.text(label, b.x + 8, b.y + head * 0.5 + size * 0.35 + 1, { size, fill: p.text, weight: 600 });
    if (n.sub && !b.collapsed && size * k >= 9) {
      const used = sink.measure(label, size, 600);
      const room = b.w - used - 70;
      if (room > 40) sink.text(fit(sink, n.sub, size - 2, room), b.x + 16 + used, b.y + head * 0.5 + size * 0.35 + 1, { size: size - 2, fill: p.faint });
    }
    if (k * 10 >= 6) badges(sink, p, n, b.x + b.w - 6, b.y + 5, Math.min(14, head - 10));
  }
  if (b.collapsed) {
    const counts = inp.graph.rollup(n.id);
    stackedBar(sink, p, b.x + 8, b.y + head + 4, b.w - 16, 8, counts);
    if (10 * k >= 6) sink.text(fit(sink, summary(counts), 10, b.w - 16), b.x + 8, b.y + head + 26, { size: 10, fill: p.dim });
  }
}

function tile(sink: Sink, inp: PaintInput, n: TopoNode, b: Box, dim: boolean) {
  const p = inp.palette;
  const k = inp.k;
  const alpha = dim ? 0.22 : 1;
  const tiny = b.w * k < 18;
  if (tiny) {
    // Far out: the state's colour is all there is room for.
    sink.rect(b.x, b.y, b.w, b.h, { fill: p.state[n.state], alpha: dim ? 0.2 : 0.85 });
    return;
  }
  const service = inp.view === 'service';
  sink.rect(b.x, b.y, b.w, b.h, { fill: p.tile[n.state], stroke: service ? p.state[n.state] : undefined, width: 1.2, radius: service ? 6 : 3, alpha });
  sink.rect(b.x, b.y, service ? 5 : 4, b.h, { fill: p.state[n.state], radius: 2, alpha });
  const size = service ? 13 : 11;
  if (size * k < 5.5) return;
  const glyph = GLYPH[n.type ?? n.kind] ?? '';
  const glyphW = glyph ? sink.measure(glyph, 9, 700) + 6 : 0;
  const room = b.w - 12 - glyphW - (n.badges.length ? n.badges.length * 12 : 0);
  if (service) {
    sink.text(fit(sink, n.label, size, room, 600), b.x + 12, b.y + 19, { size, fill: p.text, weight: 600, alpha });
    const second = [n.sub, n.addresses[0]].filter(Boolean).join(' · ');
    if (second) sink.text(fit(sink, second, 11, b.w - 22 - glyphW), b.x + 12, b.y + 36, { size: 11, fill: p.dim, alpha });
    if (glyph) sink.text(glyph, b.x + b.w - 6, b.y + 36, { size: 9, fill: p.faint, weight: 700, align: 'right', alpha });
    badges(sink, p, n, b.x + b.w - 6, b.y + 5, 13);
  } else {
    sink.text(fit(sink, n.label, size, room), b.x + 9, b.y + b.h / 2 + 4, { size, fill: p.text, alpha });
    if (glyph)
      sink.text(glyph, b.x + b.w - 5 - (n.badges.length ? n.badges.length * 12 : 0), b.y + b.h / 2 + 3, {
        size: 9,
        fill: p.faint,
        weight: 700,
        align: 'right',
        alpha,
      });
    if (k >= 0.5) badges(sink, p, n, b.x + b.w - 4, b.y + (b.h - 11) / 2, 11);
  }
}

function edgeStyle(e: TopoEdge, p: Palette, k: number): ShapeStyle {
  const w = (x: number) => Math.max(x, 1 / k);
  if (!e.up) return { stroke: p.state.ERROR, width: w(1.6), dash: [2, 4] };
  if (e.kind === 'inter-router') return { stroke: p.faint, width: w(1.4), dash: [8, 3, 2, 3] };
  if (e.kind === 'access') return { stroke: p.faint, width: w(1.4) };
  const dash = e.path === 'redundant' ? [7, 5] : undefined;
  if (e.active) return { stroke: p.accent, width: w(3.2), dash };
  return { stroke: p.borderStrong, width: w(1.6), dash };
}

function edgePath(a: Box, b: Box, kind: TopoEdge['kind']): PathSpec {
  if (kind === 'inter-router') {
    const x = a.x + a.w / 2;
    return {
      points: [
        [x, a.y + a.h],
        [x, b.y],
      ],
    };
  }
  const x0 = a.x + a.w;
  const y0 = a.y + a.h / 2;
  const x1 = b.x;
  const y1 = b.y + b.h / 2;
  const dx = Math.max(30, (x1 - x0) / 2);
  return { bezier: [x0, y0, x0 + dx, y0, x1 - dx, y1, x1, y1] };
}

function ring(sink: Sink, b: Box, pad: number, s: ShapeStyle) {
  sink.rect(b.x - pad, b.y - pad, b.w + pad * 2, b.h + pad * 2, { ...s, radius: 6 });
}

/** Infrastructure view: the chain of each selected VNF's service, across servers and data centres. */
function chainLines(inp: PaintInput, boxOf: (id: string) => Box | undefined) {
  const lines: { a: Box; b: Box; redundant: boolean; cross: boolean }[] = [];
  const byService = new Map<string, TopoNode[]>();
  for (const id of inp.chain) {
    const n = inp.graph.nodes.get(id);
    if (!n?.serviceId) continue;
    let l = byService.get(n.serviceId);
    if (!l) byService.set(n.serviceId, (l = []));
    l.push(n);
  }
  for (const list of byService.values()) {
    for (const path of ['primary', 'redundant'] as const) {
      const on = list.filter((n) => (n.path ?? 'primary') === path).sort((a, b) => a.order - b.order);
      for (let i = 1; i < on.length; i++) {
        const a = boxOf(on[i - 1]!.id);
        const b = boxOf(on[i]!.id);
        if (a && b) lines.push({ a, b, redundant: path === 'redundant', cross: false });
      }
    }
    const ra = list.find((n) => n.type === 'vrouter' && (n.path ?? 'primary') === 'primary');
    const rb = list.find((n) => n.type === 'vrouter' && n.path === 'redundant');
    const a = ra && boxOf(ra.id);
    const b = rb && boxOf(rb.id);
    if (a && b) lines.push({ a, b, redundant: true, cross: true });
  }
  return lines;
}

export function paint(sink: Sink, inp: PaintInput): number {
  const { graph, layout, palette: p, viewport: v, k } = inp;
  const boxOf = inp.boxOf ?? ((id: string) => layout.boxes.get(id));
  const inView = (b: Box) => b.x <= v.x1 && b.x + b.w >= v.x0 && b.y <= v.y1 && b.y + b.h >= v.y0;
  let drawn = 0;

  // Groups, outer first, then section labels.
  for (const id of layout.order) {
    const b = boxOf(id);
    const n = graph.nodes.get(id);
    if (!b || !n || !b.group || !inView(b)) continue;
    sink.begin?.(id, n.label);
    groupFrame(sink, inp, n, b);
    sink.end?.();
    drawn++;
  }
  if (11 * k >= 7) {
    for (const s of layout.sections) {
      if (s.x > v.x1 || s.x + s.w < v.x0 || s.y > v.y1 || s.y + HEAD.section < v.y0) continue;
      sink.text(s.label.toUpperCase(), s.x, s.y + 12, { size: 9.5, fill: p.faint, weight: 600 });
    }
  }

  // Edges (service view), under the nodes.
  for (const e of graph.edges.values()) {
    const a = boxOf(e.from);
    const b = boxOf(e.to);
    if (!a || !b) continue;
    const x0 = Math.min(a.x, b.x);
    const x1 = Math.max(a.x + a.w, b.x + b.w);
    const y0 = Math.min(a.y, b.y);
    const y1 = Math.max(a.y + a.h, b.y + b.h);
    if (x0 > v.x1 || x1 < v.x0 || y0 > v.y1 || y1 < v.y0) continue;
    sink.path(edgePath(a, b, e.kind), edgeStyle(e, p, k));
  }

  // Leaves.
  const filtering = inp.filters.states.length > 0 || inp.filters.tenant !== '';
  for (const id of layout.order) {
    const b = boxOf(id);
    const n = graph.nodes.get(id);
    if (!b || !n || b.group || !inView(b)) continue;
    sink.begin?.(id, `${n.label} — ${n.state}`);
    tile(sink, inp, n, b, filtering && !passes(n, inp.filters));
    sink.end?.();
    drawn++;
  }

  // The selected VNFs' chains, over the tiles.
  if (inp.view === 'infrastructure' && inp.chain.size) {
    for (const l of chainLines(inp, boxOf)) {
      const ax = l.a.x + l.a.w / 2;
      const ay = l.a.y + l.a.h / 2;
      const bx = l.b.x + l.b.w / 2;
      const by = l.b.y + l.b.h / 2;
      sink.path(
        {
          points: [
            [ax, ay],
            [bx, by],
          ],
        },
        { stroke: p.accent, width: Math.max(2, 2 / k), dash: l.redundant ? [8, 6].map((d) => d / Math.min(1, k)) : undefined, alpha: 0.9 },
      );
      sink.circle(ax, ay, Math.max(3, 3 / k), { fill: p.accent });
      sink.circle(bx, by, Math.max(3, 3 / k), { fill: p.accent });
    }
  }

  // Far out: data centre names along their top, PoD names in their middle, on a plate.
  for (const id of layout.order) {
    const b = boxOf(id);
    const n = graph.nodes.get(id);
    if (!b || !n || !b.group || b.collapsed || (n.kind !== 'dc' && n.kind !== 'pod') || !inView(b)) continue;
    const base = n.kind === 'dc' ? 15 : 13;
    if (base * k >= 10) continue;
    const size = (n.kind === 'dc' ? 15 : 12) / k;
    const w = sink.measure(n.label, size, 700);
    if (w > b.w * 0.95 || (n.kind === 'pod' && size * 2.2 > b.h)) continue;
    const x = n.kind === 'dc' ? b.x + 6 / k : b.x + b.w / 2 - w / 2;
    const y = n.kind === 'dc' ? b.y + 4 / k : b.y + b.h / 2 - size * 0.7;
    sink.rect(x - 4 / k, y, w + 8 / k, size * 1.35, { fill: p.bg, alpha: 0.82, radius: 4 / k });
    sink.text(n.label, x, y + size * 1.02, { size, fill: p.text, weight: 700 });
  }

  // Marks: state-change pulses, search match, selection, hover, keyboard focus.
  const px = (x: number) => x / k;
  for (const [id, t0] of inp.flashes) {
    const b = boxOf(id);
    const n = graph.nodes.get(id);
    if (!b || !n || !inView(b)) continue;
    const t = (inp.now - t0) / FLASH_MS;
    if (t < 0 || t >= 1) continue;
    ring(sink, b, px(2 + 10 * t), { stroke: p.state[n.state], width: px(3 * (1 - t) + 1), alpha: 1 - t });
  }
  if (inp.found) {
    const b = boxOf(inp.found);
    if (b) ring(sink, b, px(6), { stroke: p.accent, width: px(2), dash: [px(5), px(3)] });
  }
  for (const id of inp.selection) {
    const b = boxOf(id);
    if (b && inView(b)) ring(sink, b, px(2), { stroke: p.accent, width: px(2.5) });
  }
  if (inp.hover && !inp.selection.has(inp.hover)) {
    const b = boxOf(inp.hover);
    if (b) ring(sink, b, px(1), { stroke: p.dim, width: px(1.5) });
  }
  if (inp.focus) {
    const b = boxOf(inp.focus);
    if (b) ring(sink, b, px(5), { stroke: p.text, width: px(1.5), dash: [px(3), px(3)] });
  }
  return drawn;
}
