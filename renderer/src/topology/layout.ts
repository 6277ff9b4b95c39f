// Layouts of the two topology views. Pure functions of the graph's structure (which nodes
// exist, where they are placed, their order) and of the collapsed groups — never of
// state — so a state change never moves anything.
//
// Infrastructure: data centres side by side; in each, its PoDs one under another; in a
// PoD, its control and storage servers (and enforcers) on one line and its compute
// servers below, in rows like racks; in a server, its VNFs as tiles. A collapsed group
// is a small box with a summary of what it holds.
//
// Service: left to right — sites, CPEs, IPsec tunnels, then each path's chain (vRouter →
// vFirewall → vWebSecurity → vIPS) in the box of the server it runs on, then the
// Internet; the primary path above, the redundant path below.
import type { TopoGraph } from '../../../core/topology/model.js';
import type { TopoNode } from '../../../core/topology/contract.js';

export interface Box {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  /** Holds other nodes (drawn as a frame with a title). */
  group: boolean;
  collapsed: boolean;
  depth: number;
}

export interface Section {
  /** Label drawn above a row of servers ("Compute servers"). */
  label: string;
  x: number;
  y: number;
  w: number;
}

export interface Layout {
  boxes: Map<string, Box>;
  /** Draw order: outer groups first, leaves last. */
  order: string[];
  sections: Section[];
  bounds: { x: number; y: number; w: number; h: number };
}

export const TILE = { w: 124, h: 22, gap: 4 };
export const GROUP = { pad: 8, gap: 12 };
export const HEAD = { dc: 36, pod: 30, server: 24, section: 18 };
export const COLLAPSED = { w: 220, h: 30 + 34 };
const SERVERS_PER_ROW = 8;
const TILES_PER_COLUMN = 12;

interface Sized {
  id: string;
  w: number;
  h: number;
  /** Place this subtree with its top-left corner at (x, y). */
  place: (x: number, y: number, out: Layout, depth: number) => void;
}

function leaf(id: string, w = TILE.w, h = TILE.h): Sized {
  return {
    id,
    w,
    h,
    place: (x, y, out, depth) => {
      out.boxes.set(id, { id, x, y, w, h, group: false, collapsed: false, depth });
    },
  };
}

function collapsedBox(id: string, head: number): Sized {
  const w = COLLAPSED.w;
  const h = head + 34;
  return {
    id,
    w,
    h,
    place: (x, y, out, depth) => {
      out.boxes.set(id, { id, x, y, w, h, group: true, collapsed: true, depth });
    },
  };
}

/** An open group: its head of height `head` above its contents, padded all round. */
function frame(id: string, head: number, innerW: number, innerH: number, placeInner: Sized['place']): Sized {
  const w = innerW + GROUP.pad * 2;
  const h = head + GROUP.pad + innerH + GROUP.pad;
  return {
    id,
    w,
    h,
    place: (x, y, out, depth) => {
      out.boxes.set(id, { id, x, y, w, h, group: true, collapsed: false, depth });
      placeInner(x + GROUP.pad, y + head + GROUP.pad, out, depth + 1);
    },
  };
}

/** A node inside a group: a group of its own when it holds nodes, a tile otherwise. */
function member(g: TopoGraph, id: string, collapsed: ReadonlySet<string>): Sized {
  return g.children(id).length ? genericGroup(g, id, collapsed, HEAD.server) : leaf(id);
}

/** A server: its VNFs as tiles, `cols` columns of at most `rows` tiles. */
function serverBox(g: TopoGraph, id: string, collapsed: ReadonlySet<string>, cols: number, rowsMin: number): Sized {
  if (collapsed.has(id)) return collapsedBox(id, HEAD.server);
  const kids = g.children(id);
  const rows = Math.max(rowsMin, Math.ceil(kids.length / cols), 1);
  const innerW = cols * TILE.w + (cols - 1) * TILE.gap;
  const innerH = rows * (TILE.h + TILE.gap) - TILE.gap;
  return frame(id, HEAD.server, innerW, innerH, (x, y, out, depth) => {
    kids.forEach((k, i) => {
      const c = Math.floor(i / rows);
      const r = i % rows;
      leaf(k).place(x + c * (TILE.w + TILE.gap), y + r * (TILE.h + TILE.gap), out, depth);
    });
  });
}

/** Items in rows of at most `perRow`, every cell as wide as the widest and each row as tall as its tallest. */
function rows(items: Sized[], perRow: number): { w: number; h: number; place: (x: number, y: number, out: Layout, depth: number) => void } {
  const cellW = Math.max(0, ...items.map((i) => i.w));
  const lines: Sized[][] = [];
  for (let i = 0; i < items.length; i += perRow) lines.push(items.slice(i, i + perRow));
  const heights = lines.map((l) => Math.max(...l.map((i) => i.h)));
  const cols = Math.min(perRow, items.length);
  const w = cols * cellW + Math.max(0, cols - 1) * GROUP.gap;
  const h = heights.reduce((a, b) => a + b, 0) + Math.max(0, lines.length - 1) * GROUP.gap;
  return {
    w,
    h,
    place: (x, y, out, depth) => {
      let yy = y;
      lines.forEach((line, li) => {
        line.forEach((it, i) => it.place(x + i * (cellW + GROUP.gap), yy, out, depth));
        yy += heights[li]! + GROUP.gap;
      });
    },
  };
}

const SECTION_LABEL: Record<string, string> = {
  control: 'Control servers',
  storage: 'Storage servers',
  compute: 'Compute servers',
  enforcer: 'IPsec enforcers',
  other: 'Other',
};

function podBox(g: TopoGraph, id: string, collapsed: ReadonlySet<string>): Sized {
  if (collapsed.has(id)) return collapsedBox(id, HEAD.pod);
  const by: Record<string, string[]> = { control: [], storage: [], compute: [], enforcer: [], other: [] };
  for (const k of g.children(id)) {
    const n = g.nodes.get(k)!;
    const key = n.kind === 'server' ? (n.role ?? 'compute') : n.kind === 'enforcer' ? 'enforcer' : 'other';
    by[key]!.push(k);
  }
  const section = (key: string) => {
    const ids = by[key]!;
    if (ids.length === 0) return null;
    let items: Sized[];
    if (key === 'enforcer' || key === 'other') {
      items = ids.map((k) => member(g, k, collapsed));
    } else {
      // Servers of one role share a width (columns of tiles) and a minimum height: racks.
      const most = Math.max(0, ...ids.map((k) => (collapsed.has(k) ? 0 : g.children(k).length)));
      const cols = Math.min(3, Math.max(1, Math.ceil(most / TILES_PER_COLUMN)));
      const rowsMin = Math.min(TILES_PER_COLUMN, Math.ceil(most / cols));
      items = ids.map((k) => serverBox(g, k, collapsed, cols, key === 'compute' ? rowsMin : 0));
    }
    const r = rows(items, SERVERS_PER_ROW);
    return { key, w: r.w, h: r.h + HEAD.section, r };
  };
  const top = ['control', 'storage', 'enforcer', 'other'].map(section).filter((s) => s !== null);
  const compute = section('compute');
  const topW = top.reduce((a, s) => a + s.w, 0) + Math.max(0, top.length - 1) * GROUP.gap * 2;
  const topH = Math.max(0, ...top.map((s) => s.h));
  const innerW = Math.max(topW, compute?.w ?? 0, 160);
  const innerH = topH + (compute ? (topH ? GROUP.gap : 0) + compute.h : 0);
  return frame(id, HEAD.pod, innerW, innerH, (x, y, out, depth) => {
    let xx = x;
    for (const s of top) {
      out.sections.push({ label: SECTION_LABEL[s.key]!, x: xx, y, w: s.w });
      s.r.place(xx, y + HEAD.section, out, depth);
      xx += s.w + GROUP.gap * 2;
    }
    if (compute) {
      const yc = y + (topH ? topH + GROUP.gap : 0);
      out.sections.push({ label: SECTION_LABEL['compute']!, x, y: yc, w: compute.w });
      compute.r.place(x, yc + HEAD.section, out, depth);
    }
  });
}

/** Anything else that holds nodes: its children in rows. */
function genericGroup(g: TopoGraph, id: string, collapsed: ReadonlySet<string>, head: number): Sized {
  if (collapsed.has(id)) return collapsedBox(id, head);
  const r = rows(
    g.children(id).map((k) => member(g, k, collapsed)),
    4,
  );
  return frame(id, head, Math.max(r.w, 140), r.h, r.place);
}

function dcBox(g: TopoGraph, id: string, collapsed: ReadonlySet<string>): Sized {
  if (collapsed.has(id)) return collapsedBox(id, HEAD.dc);
  const pods = g.children(id).map((k) => {
    const n = g.nodes.get(k)!;
    return n.kind === 'pod' ? podBox(g, k, collapsed) : member(g, k, collapsed);
  });
  const innerW = Math.max(200, ...pods.map((p) => p.w));
  const innerH = pods.reduce((a, p) => a + p.h, 0) + Math.max(0, pods.length - 1) * GROUP.gap * 2;
  return frame(id, HEAD.dc, innerW, innerH, (x, y, out, depth) => {
    let yy = y;
    for (const p of pods) {
      p.place(x, yy, out, depth);
      yy += p.h + GROUP.gap * 2;
    }
  });
}

function finish(out: Layout): Layout {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const b of out.boxes.values()) {
    x0 = Math.min(x0, b.x);
    y0 = Math.min(y0, b.y);
    x1 = Math.max(x1, b.x + b.w);
    y1 = Math.max(y1, b.y + b.h);
  }
  out.bounds = Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x: 0, y: 0, w: 0, h: 0 };
  out.order = [...out.boxes.values()].sort((a, b) => a.depth - b.depth || Number(b.group) - Number(a.group)).map((b) => b.id);
  return out;
}

export function layoutInfrastructure(g: TopoGraph, collapsed: ReadonlySet<string>): Layout {
  const out: Layout = { boxes: new Map(), order: [], sections: [], bounds: { x: 0, y: 0, w: 0, h: 0 } };
  const top = g.children(null).map((id) => {
    const n = g.nodes.get(id)!;
    if (n.kind === 'dc') return dcBox(g, id, collapsed);
    if (n.kind === 'pod') return podBox(g, id, collapsed);
    return g.children(id).length ? genericGroup(g, id, collapsed, HEAD.server) : leaf(id);
  });
  let x = 0;
  for (const t of top) {
    t.place(x, 0, out, 0);
    x += t.w + GROUP.gap * 4;
  }
  return finish(out);
}

// ---------------------------------------------------------------- service view

export const CHAIN = { node: { w: 150, h: 46 }, col: 210, row: 62, tunnel: { w: 150, h: 40 } };

export function layoutService(g: TopoGraph): Layout {
  const out: Layout = { boxes: new Map(), order: [], sections: [], bounds: { x: 0, y: 0, w: 0, h: 0 } };
  const all = [...g.nodes.values()];
  const by = (kind: TopoNode['kind']) =>
    all.filter((n) => n.kind === kind).sort((a, b) => a.order - b.order || a.label.localeCompare(b.label, undefined, { numeric: true }));
  const sites = by('site');
  const cpes = by('cpe');
  const tunnels = by('tunnel');
  const chains = by('server').sort((a, b) => (a.path === b.path ? 0 : a.path === 'primary' ? -1 : 1));
  const put = (id: string, x: number, y: number, w: number, h: number, depth = 1, group = false) =>
    out.boxes.set(id, { id, x, y, w, h, group, collapsed: false, depth });
  const { node, col, row, tunnel } = CHAIN;

  // Tunnels: each path's block, one row per site; its chain is centred on the block.
  const blocks: { path: string; y0: number; y1: number }[] = [];
  let y = 0;
  for (const path of ['primary', 'redundant'] as const) {
    const ts = tunnels.filter((t) => t.path === path);
    const hasChain = chains.some((c) => c.path === path);
    if (ts.length === 0 && !hasChain) continue;
    const n = Math.max(1, ts.length);
    ts.forEach((t, i) => put(t.id, col * 2, y + i * row + (node.h - tunnel.h) / 2, tunnel.w, tunnel.h));
    blocks.push({ path, y0: y, y1: y + (n - 1) * row + node.h });
    y += n * row + row;
  }
  const totalH = Math.max(node.h, y - row * 2 + node.h);
  const mid = (n: number, i: number) => totalH / 2 - ((n - 1) * row + node.h) / 2 + i * row;
  sites.forEach((s, i) => put(s.id, 0, mid(sites.length, i), node.w, node.h));
  cpes.forEach((c, i) => put(c.id, col, mid(cpes.length, i), node.w, node.h));

  let right = col * 3;
  chains.forEach((c, ci) => {
    const vnfs = g.children(c.id);
    const block = blocks.find((b) => b.path === c.path) ?? { y0: ci * row * 3, y1: ci * row * 3 + node.h };
    const cy = (block.y0 + block.y1) / 2 - node.h / 2;
    const pad = 14;
    const head = 26;
    const w = pad * 2 + vnfs.length * node.w + Math.max(0, vnfs.length - 1) * (col - node.w);
    put(c.id, col * 3 - pad, cy - head - pad, Math.max(w, node.w + pad * 2), head + pad * 2 + node.h, 0, true);
    vnfs.forEach((v, i) => put(v, col * 3 + i * col, cy, node.w, node.h, 1));
    right = Math.max(right, col * 3 + vnfs.length * col);
  });
  const internet = g.nodes.get('internet');
  if (internet) put(internet.id, right + 30, totalH / 2 - node.h / 2, node.w, node.h);
  // Nodes of kinds not placed above (a future kind) go in a row underneath, never on top of others.
  let xo = 0;
  for (const n of all) {
    if (!out.boxes.has(n.id)) {
      put(n.id, xo, totalH + row * 2, node.w, node.h);
      xo += col;
    }
  }
  return finish(out);
}
