// A topology view's data in the renderer: subscribe first, then fetch the snapshot, then
// apply deltas in order; a gap in versions or a resync fetches a new snapshot.
import { useEffect, useRef, useState } from 'react';
import { TopoGraph } from '../../../core/topology/model';
import type { TopoDelta, ViewName } from '../../../core/topology/contract';
import type { ApiError } from '../../../core/api/errors';
import { asApiError } from '../lib/hooks';
import { api } from '../lib/transport';

export interface TopologyData {
  graph: TopoGraph | null;
  /** Bumped on every applied change. */
  rev: number;
  /** Bumped when nodes were added, removed or moved (layouts follow it). */
  structure: number;
  loading: boolean;
  error: ApiError | null;
  source: string | null;
  /** How many snapshots were fetched (1 + refetches after gaps). */
  fetches: number;
}

export interface ChangeListener {
  (ids: { state: string[]; all: string[]; structural: boolean }): void;
}

export function useTopologyData(view: ViewName, serviceId: string | null, onChange: ChangeListener): TopologyData {
  const [data, setData] = useState<TopologyData>({ graph: null, rev: 0, structure: 0, loading: true, error: null, source: null, fetches: 0 });
  const cb = useRef(onChange);
  cb.current = onChange;
  useEffect(() => {
    if (view === 'service' && !serviceId) {
      setData({ graph: null, rev: 0, structure: 0, loading: false, error: null, source: null, fetches: 0 });
      return;
    }
    let live = true;
    let graph: TopoGraph | null = null;
    let buffer: TopoDelta[] | null = [];
    let fetches = 0;
    let loading = false;
    const publish = (patch: Partial<TopologyData>) => live && setData((d) => ({ ...d, ...patch }));
    const load = async () => {
      if (loading) return;
      loading = true;
      buffer = buffer ?? [];
      try {
        const snap = view === 'infrastructure' ? await api.call('topology.infrastructure', {}) : await api.call('topology.service', { serviceId: serviceId! });
        if (!live) return;
        fetches++;
        const g = TopoGraph.fromSnapshot(snap);
        const pending = buffer ?? [];
        buffer = null;
        graph = g;
        loading = false;
        for (const d of pending) if (d.version > g.version) apply(d, true);
        publish({ graph: g, rev: g.version, structure: g.structure + fetches * 1_000_000, loading: false, error: null, source: snap.source, fetches });
        cb.current({ state: [], all: [], structural: true });
      } catch (e) {
        loading = false;
        buffer = null;
        publish({ loading: false, error: asApiError(e) });
      }
    };
    const apply = (d: TopoDelta, quiet = false) => {
      if (buffer || !graph) {
        buffer?.push(d);
        return;
      }
      if (d.resync || d.version > graph.version + 1) {
        void load();
        return;
      }
      if (d.version <= graph.version) return;
      const before = graph.structure;
      const states: string[] = [];
      for (const c of d.changes) {
        if (c.op === 'patch' && c.patch.state !== undefined && graph.nodes.get(c.patch.id)?.state !== c.patch.state) states.push(c.patch.id);
        if (c.op === 'upsert' && graph.nodes.get(c.node.id) && graph.nodes.get(c.node.id)?.state !== c.node.state) states.push(c.node.id);
      }
      const touched = graph.applyChanges(d.changes);
      graph.version = d.version;
      const structural = graph.structure !== before || d.changes.some((c) => c.op === 'patch' && c.patch.order !== undefined);
      if (!quiet) {
        cb.current({ state: states, all: [...touched], structural });
        publish({ rev: graph.version, ...(structural ? { structure: graph.structure + fetches * 1_000_000 } : {}) });
      }
    };
    setData({ graph: null, rev: 0, structure: 0, loading: true, error: null, source: null, fetches: 0 });
    const stop = api.subscribe('topology.changed', view === 'service' ? { view, serviceId: serviceId! } : { view }, (d) => apply(d));
    void load();
    return () => {
      live = false;
      stop();
    };
  }, [view, serviceId]);
  return data;
}
