// The topology graph as both the core and the renderer hold it: built from a snapshot,
// moved forward by versioned deltas, compared to make deltas. Pure TypeScript (no Node,
// no DOM) so the renderer and the engine share one implementation.
import type { Change, NodePatch, NodeState, ServiceHeader, TopoDelta, TopoEdge, TopoNode, TopoSnapshot } from './contract.js';

export type ApplyResult = 'applied' | 'stale' | 'gap' | 'resync';

const PATCHABLE = [
  'label',
  'sub',
  'state',
  'badges',
  'role',
  'type',
  'addresses',
  'tenantId',
  'tenantName',
  'serviceId',
  'path',
  'order',
  'detail',
  'utilization',
] as const;

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** The fields of `next` that differ from `prev` (null when nothing changed). Kind and parent changes are not patches. */
export function diffNode(prev: TopoNode, next: TopoNode): NodePatch | null {
  const patch: Record<string, unknown> = { id: next.id };
  let n = 0;
  for (const k of PATCHABLE) {
    if (!same(prev[k], next[k])) {
      patch[k] = next[k];
      n++;
    }
  }
  return n ? (patch as NodePatch) : null;
}

/** The changes that turn one graph into another. */
export function diffGraphs(
  prev: { nodes: ReadonlyMap<string, TopoNode>; edges: ReadonlyMap<string, TopoEdge>; service?: ServiceHeader | null },
  next: { nodes: ReadonlyMap<string, TopoNode>; edges: ReadonlyMap<string, TopoEdge>; service?: ServiceHeader | null },
  only?: Iterable<string>,
): Change[] {
  const out: Change[] = [];
  if (next.service && !same(prev.service ?? null, next.service)) out.push({ op: 'service', service: next.service });
  const ids = only ? new Set(only) : new Set([...prev.nodes.keys(), ...next.nodes.keys()]);
  const removed: string[] = [];
  for (const id of ids) {
    const a = prev.nodes.get(id);
    const b = next.nodes.get(id);
    if (a && !b) removed.push(id);
    else if (b && (!a || a.kind !== b.kind || a.parent !== b.parent)) out.push({ op: 'upsert', node: b });
    else if (a && b && a !== b) {
      const p = diffNode(a, b);
      if (p) out.push({ op: 'patch', patch: p });
    }
  }
  // Parents before children on add (upserts keep the order of `ids`, which callers give top-down);
  // children before parents on remove.
  for (const id of removed.reverse()) out.push({ op: 'remove', id });
  if (!only) {
    for (const [id, e] of next.edges) {
      const a = prev.edges.get(id);
      if (!a || !same(a, e)) out.push({ op: 'edge', edge: e });
    }
    for (const id of prev.edges.keys()) if (!next.edges.has(id)) out.push({ op: 'unedge', id });
  }
  return out;
}

/** A topology view held in memory and kept current by deltas. */
export class TopoGraph {
  readonly nodes = new Map<string, TopoNode>();
  readonly edges = new Map<string, TopoEdge>();
  /** Children of each group, in draw order. Rebuilt lazily after structural changes. */
  private kids: Map<string | null, string[]> | null = null;
  service: ServiceHeader | null = null;
  version = 0;
  /** Bumped on every structural change (nodes added, removed or moved): layouts are keyed on it. */
  structure = 0;

  static fromSnapshot(s: Pick<TopoSnapshot, 'nodes' | 'edges' | 'version' | 'service'>): TopoGraph {
    const g = new TopoGraph();
    for (const n of s.nodes) g.nodes.set(n.id, n);
    for (const e of s.edges) g.edges.set(e.id, e);
    g.service = s.service;
    g.version = s.version;
    return g;
  }

  /** Apply one delta: `gap` and `resync` ask the caller to fetch a new snapshot. */
  apply(d: Pick<TopoDelta, 'version' | 'changes' | 'resync'>): ApplyResult {
    if (d.resync) return 'resync';
    if (d.version <= this.version) return 'stale';
    if (d.version !== this.version + 1) return 'gap';
    this.applyChanges(d.changes);
    this.version = d.version;
    return 'applied';
  }

  /** Apply changes without version checks (the engine's own bookkeeping). Returns ids whose look changed. */
  applyChanges(changes: readonly Change[]): Set<string> {
    const touched = new Set<string>();
    for (const c of changes) {
      switch (c.op) {
        case 'upsert': {
          const before = this.nodes.get(c.node.id);
          if (!before || before.parent !== c.node.parent || before.kind !== c.node.kind || before.order !== c.node.order) this.kids = null;
          if (!before || before.parent !== c.node.parent || before.kind !== c.node.kind) this.structure++;
          this.nodes.set(c.node.id, c.node);
          touched.add(c.node.id);
          break;
        }
        case 'patch': {
          const before = this.nodes.get(c.patch.id);
          if (!before) break;
          const next = { ...before } as Record<string, unknown>;
          for (const [k, v] of Object.entries(c.patch)) if (v !== undefined) next[k] = v;
          if (c.patch.order !== undefined && c.patch.order !== before.order) this.kids = null;
          this.nodes.set(before.id, next as TopoNode);
          touched.add(before.id);
          break;
        }
        case 'remove': {
          if (!this.nodes.has(c.id)) break;
          for (const id of this.descendants(c.id)) this.nodes.delete(id);
          this.nodes.delete(c.id);
          for (const [id, e] of this.edges) if (!this.nodes.has(e.from) || !this.nodes.has(e.to)) this.edges.delete(id);
          this.kids = null;
          this.structure++;
          touched.add(c.id);
          break;
        }
        case 'edge':
          if (!this.edges.has(c.edge.id)) this.structure++;
          this.edges.set(c.edge.id, c.edge);
          break;
        case 'unedge':
          if (this.edges.delete(c.id)) this.structure++;
          break;
        case 'service':
          this.service = c.service;
          break;
      }
    }
    return touched;
  }

  /** Children of a group (null: the top level), ordered by `order`, then label. */
  children(id: string | null): readonly string[] {
    if (!this.kids) {
      const m = new Map<string | null, string[]>();
      for (const n of this.nodes.values()) {
        const p = n.parent !== null && this.nodes.has(n.parent) ? n.parent : null;
        let list = m.get(p);
        if (!list) m.set(p, (list = []));
        list.push(n.id);
      }
      for (const list of m.values()) list.sort((a, b) => compareNodes(this.nodes.get(a)!, this.nodes.get(b)!));
      this.kids = m;
    }
    return this.kids.get(id) ?? [];
  }

  descendants(id: string): string[] {
    const out: string[] = [];
    const stack = [...this.children(id)];
    while (stack.length) {
      const x = stack.pop()!;
      out.push(x);
      stack.push(...this.children(x));
    }
    return out;
  }

  ancestors(id: string): TopoNode[] {
    const out: TopoNode[] = [];
    let n = this.nodes.get(id);
    const seen = new Set<string>();
    while (n && n.parent && !seen.has(n.parent)) {
      seen.add(n.parent);
      n = this.nodes.get(n.parent);
      if (n) out.unshift(n);
    }
    return out;
  }

  /** Counts of each state among a group's leaves (or the node itself for a leaf). */
  rollup(id: string): Partial<Record<NodeState, number>> {
    const out: Partial<Record<NodeState, number>> = {};
    const kids = this.children(id);
    if (kids.length === 0) {
      const n = this.nodes.get(id);
      if (n) out[n.state] = 1;
      return out;
    }
    for (const d of this.descendants(id)) {
      if (this.children(d).length) continue;
      const s = this.nodes.get(d)!.state;
      out[s] = (out[s] ?? 0) + 1;
    }
    return out;
  }

  toSnapshotParts(): { nodes: TopoNode[]; edges: TopoEdge[] } {
    return { nodes: [...this.nodes.values()], edges: [...this.edges.values()] };
  }
}

/** Natural order: `order`, then the label with numbers compared as numbers (srv-2 before srv-10). */
export function compareNodes(a: TopoNode, b: TopoNode): number {
  return a.order - b.order || a.label.localeCompare(b.label, undefined, { numeric: true }) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
