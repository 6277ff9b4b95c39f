// A small read-only window into the topology canvas for end-to-end tests and benchmarks
// (`window.__podiumTopology`): what is drawn where, in which colour, and frame times. It
// can move the view (as a user's pan and zoom would) but changes no data.
import type { NodeState, ViewName } from '../../../core/topology/contract';
import type { TopoGraph } from '../../../core/topology/model';
import type { Layout } from './layout';
import type { TopologyView, ViewTransform } from './view';

export interface TopologyProbe {
  view: ViewName;
  serviceId: string | null;
  ready: boolean;
  nodeCount: number;
  version: number;
  /** Node state in the renderer's model. */
  state(id: string): NodeState | null;
  /** Where a node is drawn, in page CSS pixels (null: hidden in a collapsed group). */
  screenBox(id: string): { x: number; y: number; w: number; h: number } | null;
  tileColour(state: NodeState): [number, number, number];
  stateColour(state: NodeState): [number, number, number];
  /** Ids of nodes drawn (not inside a collapsed group). */
  visibleIds(): string[];
  edges(): { id: string; kind: string; path: string | null; active: boolean; up: boolean }[];
  service(): { activePath: string | null; state: string } | null;
  transform(): ViewTransform;
  setTransform(t: ViewTransform): void;
  fit(): void;
  stats(): { frames: number; lastDrawMs: number; drawn: number; drawMs: number[]; lastFrameAt: number; lastChangeAt: number };
  /** Wall-clock ms of the first frame that draws the node in this state. */
  whenShown(id: string, state: NodeState): Promise<number>;
  /** SVG of the screen, or of the whole view; `detail`: draw as at this zoom (1: every label). */
  svg(whole?: boolean, detail?: number): string;
}

declare global {
  interface Window {
    __podiumTopology?: TopologyProbe;
  }
}

export function installProbe(
  v: TopologyView,
  current: () => { view: ViewName; serviceId: string | null; graph: TopoGraph | null; layout: Layout | null },
): () => void {
  const probe: TopologyProbe = {
    get view() {
      return current().view;
    },
    get serviceId() {
      return current().serviceId;
    },
    get ready() {
      return !!current().graph && !!current().layout && v.stats.frames > 0;
    },
    get nodeCount() {
      return current().graph?.nodes.size ?? 0;
    },
    get version() {
      return current().graph?.version ?? -1;
    },
    state: (id) => current().graph?.nodes.get(id)?.state ?? null,
    screenBox: (id) => {
      const b = v.screenBox(id);
      if (!b) return null;
      const r = v.canvas.getBoundingClientRect();
      return { x: b.x + r.left, y: b.y + r.top, w: b.w, h: b.h };
    },
    tileColour: (s) => v.tileColour(s),
    stateColour: (s) => v.stateColour(s),
    visibleIds: () => [...(current().layout?.boxes.keys() ?? [])],
    edges: () => [...(current().graph?.edges.values() ?? [])].map((e) => ({ id: e.id, kind: e.kind, path: e.path, active: e.active, up: e.up })),
    service: () => {
      const s = current().graph?.service;
      return s ? { activePath: s.activePath, state: s.state } : null;
    },
    transform: () => v.transform,
    setTransform: (t) => v.setTransform(t),
    fit: () => v.fit(),
    stats: () => ({ ...v.stats, drawMs: [...v.stats.drawMs] }),
    whenShown: (id, s) => v.whenShown(id, s),
    svg: (whole, detail) => v.toSvg('Podium topology', whole, detail),
  };
  window.__podiumTopology = probe;
  return () => {
    if (window.__podiumTopology === probe) delete window.__podiumTopology;
  };
}
