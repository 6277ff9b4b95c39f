// Finding things in a laid-out view: which node is under the pointer (a quadtree over the
// leaves, groups by depth), which nodes a selection box covers, search by name, address
// or tenant, and the nearest node in an arrow key's direction. Pure: no DOM.
import { quadtree, type Quadtree } from 'd3-quadtree';
import type { TopoGraph } from '../../../core/topology/model.js';
import type { TopoNode } from '../../../core/topology/contract.js';
import type { Box, Layout } from './layout.js';

export class HitIndex {
  private readonly leaves: Quadtree<Box>;
  private readonly groups: Box[];
  private readonly maxHalf: number;

  constructor(readonly layout: Layout) {
    const leaves: Box[] = [];
    const groups: Box[] = [];
    let maxHalf = 0;
    for (const b of layout.boxes.values()) {
      if (b.group && !b.collapsed) groups.push(b);
      else {
        leaves.push(b);
        maxHalf = Math.max(maxHalf, Math.hypot(b.w, b.h) / 2);
      }
    }
    this.maxHalf = maxHalf;
    this.leaves = quadtree<Box>()
      .x((b) => b.x + b.w / 2)
      .y((b) => b.y + b.h / 2)
      .addAll(leaves);
    // Deepest first: the innermost group under the pointer wins.
    this.groups = groups.sort((a, b) => b.depth - a.depth);
  }

  /** The node under a point in world coordinates: a leaf (or collapsed group), else the innermost group, else null. */
  at(x: number, y: number): string | null {
    let hit: Box | null = null;
    const r = this.maxHalf;
    this.leaves.visit((node, x0, y0, x1, y1) => {
      if (!node.length) {
        let n: typeof node | undefined = node;
        while (n) {
          const b = (n as { data: Box }).data;
          if (x >= b.x && x <= b.x + b.w && y >= b.y && y <= b.y + b.h && (!hit || b.depth > hit.depth)) hit = b;
          n = (n as { next?: typeof node }).next;
        }
      }
      return x0 > x + r || x1 < x - r || y0 > y + r || y1 < y - r;
    });
    if (hit) return (hit as Box).id;
    for (const g of this.groups) if (x >= g.x && x <= g.x + g.w && y >= g.y && y <= g.y + g.h) return g.id;
    return null;
  }

  /** Leaves and collapsed groups whose box meets the rectangle (world coordinates). */
  inRect(x0: number, y0: number, x1: number, y1: number): string[] {
    const [ax, bx] = x0 < x1 ? [x0, x1] : [x1, x0];
    const [ay, by] = y0 < y1 ? [y0, y1] : [y1, y0];
    const out: string[] = [];
    const r = this.maxHalf;
    this.leaves.visit((node, qx0, qy0, qx1, qy1) => {
      if (!node.length) {
        let n: typeof node | undefined = node;
        while (n) {
          const b = (n as { data: Box }).data;
          if (b.x <= bx && b.x + b.w >= ax && b.y <= by && b.y + b.h >= ay) out.push(b.id);
          n = (n as { next?: typeof node }).next;
        }
      }
      return qx0 > bx + r || qx1 < ax - r || qy0 > by + r || qy1 < ay - r;
    });
    return out;
  }
}

export interface SearchHit {
  id: string;
  /** What matched, for the result list ("10.1.2.3", "tenant Acme"). */
  why: string;
  score: number;
}

/** Find nodes by name, address, tenant, or id; best matches first. */
export function search(g: TopoGraph, query: string, limit = 20): SearchHit[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const hits: SearchHit[] = [];
  for (const n of g.nodes.values()) {
    let best: SearchHit | null = null;
    const consider = (text: string | null, why: string, weight: number) => {
      if (!text) return;
      const t = text.toLowerCase();
      const at = t.indexOf(q);
      if (at < 0) return;
      const score = weight + (at === 0 ? 50 : 0) + (t.length === q.length ? 100 : 0) - t.length / 100;
      if (!best || score > best.score) best = { id: n.id, why, score };
    };
    consider(n.label, 'name', 300);
    for (const a of n.addresses) consider(a, a, 250);
    consider(n.tenantName, `tenant ${n.tenantName}`, 150);
    consider(n.tenantId, `tenant ${n.tenantId}`, 140);
    consider(n.ref, `id ${n.ref}`, 120);
    consider(n.sub, n.sub ?? '', 60);
    if (best) hits.push(best);
  }
  return hits.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id)).slice(0, limit);
}

export type Direction = 'left' | 'right' | 'up' | 'down';

/**
 * The node an arrow key moves to: among the drawn nodes other than the current one and
 * its groups, the nearest whose centre lies within 60° of the direction, distance along
 * the direction counting less than distance across it.
 */
export function neighbour(g: TopoGraph, layout: Layout, from: string, dir: Direction): string | null {
  const a = layout.boxes.get(from);
  if (!a) return null;
  const above = new Set(g.ancestors(from).map((n) => n.id));
  const ax = a.x + a.w / 2;
  const ay = a.y + a.h / 2;
  const [dx, dy] = dir === 'left' ? [-1, 0] : dir === 'right' ? [1, 0] : dir === 'up' ? [0, -1] : [0, 1];
  let best: string | null = null;
  let bestScore = Infinity;
  for (const b of layout.boxes.values()) {
    if (b.id === from || above.has(b.id) || (b.group && !b.collapsed)) continue;
    const bx = b.x + b.w / 2 - ax;
    const by = b.y + b.h / 2 - ay;
    const along = bx * dx + by * dy;
    const across = Math.abs(bx * dy - by * dx);
    if (along <= 0 || across > along * Math.tan(Math.PI / 3)) continue;
    const score = along + across * 2;
    if (score < bestScore) {
      bestScore = score;
      best = b.id;
    }
  }
  return best;
}

/** The first drawn leaf (keyboard focus starts here). */
export function firstLeaf(layout: Layout): string | null {
  let best: Box | null = null;
  for (const b of layout.boxes.values()) {
    if (b.group && !b.collapsed) continue;
    if (!best || b.y < best.y - 1 || (Math.abs(b.y - best.y) <= 1 && b.x < best.x)) best = b;
  }
  return best?.id ?? null;
}

/** Does a node pass the filters (others are drawn dimmed, never moved)? */
export interface Filters {
  /** Only these states stand out; empty: all. */
  states: string[];
  /** Only this tenant stands out; empty: all. */
  tenant: string;
}

export function passes(n: TopoNode, f: Filters): boolean {
  if (f.states.length && !f.states.includes(n.state)) return false;
  if (f.tenant && n.tenantId !== f.tenant) return false;
  return true;
}
