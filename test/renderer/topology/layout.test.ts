// The topology views' layouts, hit-testing, search, keyboard moves and SVG export, over
// generated inventories: structure reads as nested groups with nothing overlapping, a
// state change moves nothing, collapsing and expanding gives the same places back.
import { describe, expect, it } from 'vitest';
import { TopoGraph } from '../../../core/topology/model.js';
import { buildInfrastructure, buildService } from '../../../core/topology/build.js';
import { layoutInfrastructure, layoutService, type Box, type Layout } from '../../../renderer/src/topology/layout.js';
import { HitIndex, firstLeaf, neighbour, passes, search } from '../../../renderer/src/topology/scene.js';
import { paint } from '../../../renderer/src/topology/paint.js';
import { SvgSink } from '../../../renderer/src/topology/sinks.js';
import { makePalette } from '../../../renderer/src/topology/palette.js';
import { GeneratedSource } from '../../bench/lib/generated-topology.js';

function infraGraph(nodes: number, seed = 1): { g: TopoGraph; source: GeneratedSource } {
  const source = new GeneratedSource({ nodes, seed });
  const built = buildInfrastructure(source.infrastructure());
  return { g: TopoGraph.fromSnapshot({ nodes: [...built.nodes.values()], edges: [], version: 0, service: null }), source };
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
const inside = (c: Box, p: Box) => c.x >= p.x && c.y >= p.y && c.x + c.w <= p.x + p.w && c.y + c.h <= p.y + p.h;

function checkNesting(g: TopoGraph, l: Layout) {
  for (const b of l.boxes.values()) {
    const n = g.nodes.get(b.id)!;
    if (n.parent) {
      const p = l.boxes.get(n.parent);
      expect(p, `${b.id}'s group is drawn`).toBeDefined();
      expect(inside(b, p!), `${b.id} inside ${n.parent}`).toBe(true);
    }
  }
  // Siblings never overlap.
  const byParent = new Map<string | null, Box[]>();
  for (const b of l.boxes.values()) {
    const p = g.nodes.get(b.id)!.parent;
    const list = byParent.get(p) ?? [];
    list.push(b);
    byParent.set(p, list);
  }
  for (const list of byParent.values()) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++) expect(overlaps(list[i]!, list[j]!), `${list[i]!.id} × ${list[j]!.id}`).toBe(false);
  }
}

const palette = makePalette((name) => ({ '--bg': '#0a101c', '--bg-panel': '#121c2f', '--ok': '#22c55e', '--bad': '#ef4444' })[name] ?? '#8899aa', true);
const measure = (t: string, size: number) => t.length * size * 0.55;

describe('infrastructure layout', () => {
  it.each([500, 2000, 5000])('nests %i nodes without overlaps, every node drawn', (n) => {
    const { g } = infraGraph(n);
    const l = layoutInfrastructure(g, new Set());
    expect(l.boxes.size).toBe(g.nodes.size);
    checkNesting(g, l);
    // Data centres side by side, PoDs one under another.
    const dcs = [...g.nodes.values()].filter((x) => x.kind === 'dc').map((x) => l.boxes.get(x.id)!);
    for (let i = 1; i < dcs.length; i++) expect(dcs[i]!.x).toBeGreaterThan(dcs[i - 1]!.x + dcs[i - 1]!.w);
  });

  it('puts control and storage servers above the compute servers, and VNFs on their server', () => {
    const { g } = infraGraph(900);
    const l = layoutInfrastructure(g, new Set());
    const pod = [...g.nodes.values()].find((x) => x.kind === 'pod')!;
    const servers = g.children(pod.id).map((id) => g.nodes.get(id)!);
    const maxTop = Math.max(...servers.filter((s) => s.role !== 'compute').map((s) => l.boxes.get(s.id)!.y + l.boxes.get(s.id)!.h));
    const minCompute = Math.min(...servers.filter((s) => s.role === 'compute').map((s) => l.boxes.get(s.id)!.y));
    expect(minCompute).toBeGreaterThan(maxTop);
    expect(l.sections.map((s) => s.label)).toContain('Compute servers');
  });

  it('does not move anything when states change', () => {
    const { g, source } = infraGraph(1200);
    const before = layoutInfrastructure(g, new Set());
    for (const v of source.infra.vnfs.slice(0, 200)) g.applyChanges([{ op: 'patch', patch: { id: `vnf:${v.id}`, state: 'ERROR', badges: ['fault'] } }]);
    const after = layoutInfrastructure(g, new Set());
    expect([...after.boxes.entries()]).toEqual([...before.boxes.entries()]);
  });

  it('collapses a group to a small box hiding what it holds, and expands it back to the same places', () => {
    const { g } = infraGraph(1200);
    const open = layoutInfrastructure(g, new Set());
    const pod = [...g.nodes.values()].find((x) => x.kind === 'pod')!;
    const server = g
      .children(pod.id)
      .map((id) => g.nodes.get(id)!)
      .find((s) => s.role === 'compute')!;
    const closedServer = layoutInfrastructure(g, new Set([server.id]));
    expect(closedServer.boxes.get(server.id)).toMatchObject({ collapsed: true });
    for (const k of g.children(server.id)) expect(closedServer.boxes.has(k)).toBe(false);
    checkNesting(g, closedServer);
    const closedPod = layoutInfrastructure(g, new Set([pod.id]));
    expect(closedPod.boxes.size).toBe(g.nodes.size - g.descendants(pod.id).length);
    expect(closedPod.boxes.get(pod.id)!.h).toBeLessThan(open.boxes.get(pod.id)!.h / 4);
    checkNesting(g, closedPod);
    expect([...layoutInfrastructure(g, new Set()).boxes.entries()]).toEqual([...open.boxes.entries()]);
    // A collapsed group sums up what it holds.
    const leaves = g.descendants(pod.id).filter((id) => g.children(id).length === 0).length;
    expect(Object.values(g.rollup(pod.id)).reduce((x, y) => x + y, 0)).toBe(leaves);
  });
});

describe('service layout', () => {
  it('reads left to right: sites, CPEs, tunnels, the chain, the Internet; primary above redundant', () => {
    const source = new GeneratedSource({ nodes: 900, seed: 3 });
    const r = source.firstRedundant();
    const built = buildService(source.service(r.id)!);
    const g = TopoGraph.fromSnapshot({ nodes: [...built.nodes.values()], edges: [...built.edges.values()], version: 0, service: built.service });
    const l = layoutService(g);
    expect(l.boxes.size).toBe(g.nodes.size);
    const x = (kind: string) => Math.min(...[...g.nodes.values()].filter((n) => n.kind === kind).map((n) => l.boxes.get(n.id)!.x));
    expect(x('site')).toBeLessThan(x('cpe'));
    expect(x('cpe')).toBeLessThan(x('tunnel'));
    expect(x('tunnel')).toBeLessThan(x('vnf'));
    expect(x('vnf')).toBeLessThan(x('internet'));
    const chainX = (type: string, path: string) => l.boxes.get([...g.nodes.values()].find((n) => n.type === type && n.path === path)!.id)!.x;
    expect(chainX('vrouter', 'primary')).toBeLessThan(chainX('vfirewall', 'primary'));
    expect(chainX('vfirewall', 'primary')).toBeLessThan(chainX('vwebsecurity', 'primary'));
    expect(l.boxes.get('chain:primary')!.y + l.boxes.get('chain:primary')!.h).toBeLessThan(l.boxes.get('chain:redundant')!.y);
    // No two leaves overlap.
    const leaves = [...l.boxes.values()].filter((b) => !b.group);
    for (let i = 0; i < leaves.length; i++) for (let j = i + 1; j < leaves.length; j++) expect(overlaps(leaves[i]!, leaves[j]!)).toBe(false);
    // A path switch changes no position.
    const before = [...l.boxes.entries()];
    source.failPrimary(r.id);
    const b2 = buildService(source.service(r.id)!);
    const g2 = TopoGraph.fromSnapshot({ nodes: [...b2.nodes.values()], edges: [...b2.edges.values()], version: 0, service: b2.service });
    expect([...layoutService(g2).boxes.entries()]).toEqual(before);
  });
});

describe('hit-testing, search and keyboard moves', () => {
  const { g, source } = infraGraph(2000);
  const l = layoutInfrastructure(g, new Set());
  const hit = new HitIndex(l);

  it('finds the tile under a point, else the innermost group, else nothing', () => {
    for (const v of source.infra.vnfs.slice(0, 300)) {
      const b = l.boxes.get(`vnf:${v.id}`)!;
      expect(hit.at(b.x + b.w / 2, b.y + b.h / 2)).toBe(b.id);
      expect(hit.at(b.x + 1, b.y + 1)).toBe(b.id);
    }
    const server = l.boxes.get(`srv:${source.infra.servers[0]!.id}`)!;
    expect(hit.at(server.x + 3, server.y + 3)).toBe(server.id); // its title
    const dc = l.boxes.get('dc:dc1')!;
    expect(hit.at(dc.x + 2, dc.y + 2)).toBe('dc:dc1');
    expect(hit.at(-500, -500)).toBeNull();
  });

  it('selects what a box covers', () => {
    const server = source.infra.servers.find((s) => s.role === 'compute')!;
    const b = l.boxes.get(`srv:${server.id}`)!;
    const ids = hit.inRect(b.x, b.y, b.x + b.w, b.y + b.h);
    const held = g.children(`srv:${server.id}`);
    expect(new Set(ids)).toEqual(new Set(held));
  });

  it('finds nodes by name, address and tenant, best first', () => {
    const v = source.infra.vnfs.find((x) => x.type === 'vfirewall')!;
    expect(search(g, v.name)[0]!.id).toBe(`vnf:${v.id}`);
    expect(search(g, v.addresses[0]!)[0]).toMatchObject({ id: `vnf:${v.id}`, why: v.addresses[0] });
    const byTenant = search(g, v.tenantName!, 500);
    expect(byTenant.length).toBeGreaterThan(1);
    expect(
      byTenant.every((h) => g.nodes.get(h.id)!.tenantName === v.tenantName || g.nodes.get(h.id)!.label.toLowerCase().includes(v.tenantName!.toLowerCase())),
    ).toBe(true);
    expect(search(g, 'no-such-thing-anywhere')).toEqual([]);
  });

  it('moves with arrow keys to the nearest node in that direction', () => {
    const server = source.infra.servers.find((s) => s.role === 'compute')!;
    const kids = g.children(`srv:${server.id}`);
    const a = l.boxes.get(kids[0]!)!;
    const down = neighbour(g, l, kids[0]!, 'down')!;
    expect(l.boxes.get(down)!.y).toBeGreaterThan(a.y);
    expect(Math.abs(l.boxes.get(down)!.x - a.x)).toBeLessThan(1);
    const right = neighbour(g, l, kids[0]!, 'right')!;
    expect(l.boxes.get(right)!.x).toBeGreaterThan(a.x);
    expect(neighbour(g, l, down, 'up')).toBe(kids[0]);
    expect(firstLeaf(l)).toBeTruthy();
  });

  it('filters dim without moving: a node passes by state and tenant', () => {
    const v = g.nodes.get(`vnf:${source.infra.vnfs.find((x) => x.type === 'vrouter')!.id}`)!;
    expect(passes(v, { states: [], tenant: '' })).toBe(true);
    expect(passes(v, { states: ['ERROR'], tenant: '' })).toBe(v.state === 'ERROR');
    expect(passes(v, { states: [], tenant: v.tenantId! })).toBe(true);
    expect(passes(v, { states: [], tenant: 'someone-else' })).toBe(false);
  });
});

describe('SVG export', () => {
  it('draws the visible part as real shapes and text, one group per node', () => {
    const { g } = infraGraph(600);
    const l = layoutInfrastructure(g, new Set());
    const sink = new SvgSink(measure);
    const view = { x: 0, y: 0, w: 1400, h: 900 };
    paint(sink, {
      graph: g,
      layout: l,
      palette,
      view: 'infrastructure',
      viewport: { x0: 0, y0: 0, x1: 1400, y1: 900 },
      k: 1,
      selection: new Set(),
      hover: null,
      focus: null,
      filters: { states: [], tenant: '' },
      chain: new Set(),
      now: 0,
      flashes: new Map(),
      found: null,
    });
    const svg = sink.document(view, 1400, 900, palette.bg, 'test <export>');
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="900" viewBox="0 0 1400 900"');
    expect(svg).toContain('<title>test &lt;export&gt;</title>');
    const visible = [...l.boxes.values()].filter((b) => b.x <= 1400 && b.y <= 900).length;
    expect(svg.match(/<g data-node=/g)?.length).toBe(visible);
    expect(svg).toContain('>DC-1 Frankfurt</text>');
    expect(svg).not.toContain('<image');
    expect(svg).toContain(`fill="${palette.tile.ACTIVE}"`);
  });
});
