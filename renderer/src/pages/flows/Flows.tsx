// Flows: a time series (stacked or lines; bits, packets or flows per second; the previous
// period dashed), the top N over any dimensions with the rest as Other, a sankey over two
// or more dimensions, the filter language, a time range with a live mode (updates once a
// second; pause and resume), export (CSV, PNG, SVG) and saved views.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Download, Pause, Play, Save, X } from 'lucide-react';
import type { CommandOutput } from '../../../../core/api/contract';
import { FIELDS, DIMENSIONS } from '../../../../core/flows/query/fields';
import { api } from '../../lib/transport';
import { useTopic } from '../../lib/hooks';
import { reportError } from '../../app/toasts';
import { FilterBox } from './FilterBox';
import { takeHandedFilter } from './handoff';
import './topologyActions';
import { SankeyChart, TimeSeriesChart, colorOf, exportCsv, exportPng, exportSvg, useWidth } from './charts';
import { METRICS, RANGES, count, rate, type RateMetric } from './units';
import { useChartColors } from './theme';
import './flows.css';

type Series = CommandOutput<'flows.series'>;
type Top = CommandOutput<'flows.top'>;
type Sankey = CommandOutput<'flows.sankey'>;
type View = CommandOutput<'flows.views.list'>['views'][number];

export interface FlowsState {
  range: string;
  from?: number;
  to?: number;
  filter: string;
  dims: string[];
  metric: RateMetric;
  mode: 'stacked' | 'lines';
  previous: boolean;
  limit: number;
}

const DEFAULT: FlowsState = { range: '15m', filter: '', dims: ['proto'], metric: 'bits', mode: 'stacked', previous: false, limit: 10 };
const LABEL = new Map(FIELDS.map((f) => [f.name, f.label]));

function loadState(): FlowsState {
  try {
    const s = { ...DEFAULT, ...(JSON.parse(localStorage.getItem('podium.flows.state') ?? '{}') as Partial<FlowsState>) };
    const f = takeHandedFilter();
    if (f !== null) s.filter = f;
    return s;
  } catch {
    return DEFAULT;
  }
}

const localInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export function FlowsPage() {
  const [st, setSt] = useState<FlowsState>(loadState);
  const [live, setLive] = useState(true);
  const [tick, setTick] = useState(0);
  const [series, setSeries] = useState<Series | null>(null);
  const [top, setTop] = useState<Top | null>(null);
  const [sankey, setSankey] = useState<Sankey | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [updated, setUpdated] = useState<number | null>(null);
  const [views, setViews] = useState<View[]>([]);
  const [saving, setSaving] = useState<string | null>(null);
  const [exporters, setExporters] = useState<string[]>([]);
  const colors = useChartColors();
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, 900);
  const seriesSvg = useRef<SVGSVGElement>(null);
  const sankeySvg = useRef<SVGSVGElement>(null);
  const busy = useRef(false);

  const set = (patch: Partial<FlowsState>) => setSt((s) => ({ ...s, ...patch }));
  useEffect(() => localStorage.setItem('podium.flows.state', JSON.stringify(st)), [st]);
  const metricQ = METRICS.find((m) => m.id === st.metric)!.query;
  const relative = st.range !== 'custom';
  const isLive = live && relative;

  const rangeInput = useCallback((): { lastMs: number } | { from: number; to: number } => {
    if (relative) return { lastMs: RANGES.find((r) => r.id === st.range)?.ms ?? 900_000 };
    return { from: st.from ?? Date.now() - 3_600_000, to: st.to ?? Date.now() };
  }, [relative, st.range, st.from, st.to]);

  const load = useCallback(async () => {
    if (busy.current) return;
    busy.current = true;
    const base = { ...rangeInput(), filter: st.filter, metric: metricQ, limit: st.limit } as const;
    try {
      const [s, t, k] = await Promise.all([
        api.call('flows.series', { ...base, dims: st.dims.slice(0, 2), previous: st.previous, limit: Math.min(st.limit, 10) }),
        api.call('flows.top', { ...base, dims: st.dims }),
        st.dims.length >= 2 ? api.call('flows.sankey', { ...base, dims: st.dims, limit: 25 }) : Promise.resolve(null),
      ]);
      setSeries(s);
      setTop(t);
      setSankey(k);
      setError(null);
      setUpdated(Date.now());
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      busy.current = false;
    }
  }, [rangeInput, st.filter, st.dims, st.limit, st.previous, metricQ]);

  useEffect(() => void load(), [load, tick]);
  useTopic('flows.live', {}, () => setTick((t) => t + 1), isLive);
  useEffect(() => {
    api.call('flows.views.list', {}).then(
      (r) => setViews(r.views),
      () => {},
    );
    api.call('flows.exporters', {}).then(
      (r) => setExporters(r.exporters.map((e) => e.exporter)),
      () => {},
    );
  }, []);

  // keyboard: "/" focuses the filter, space pauses / resumes live updates
  useEffect(() => {
    const on = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      if (e.key === '/') {
        e.preventDefault();
        document.querySelector<HTMLInputElement>('input[aria-label="Filter"]')?.focus();
      } else if (e.key === ' ' && relative) {
        e.preventDefault();
        setLive((l) => !l);
      }
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [relative]);

  const perSec = (v: number) => {
    const span = top ? (top.to - top.from) / 1000 : 1;
    return st.metric === 'bits' ? (v * 8) / span : v / span;
  };
  const metricOf = (r: { bytes: number; packets: number; flows: number }) => (st.metric === 'bits' ? r.bytes : st.metric === 'packets' ? r.packets : r.flows);
  const chartData = useMemo(() => {
    if (!series) return null;
    const k = st.metric === 'bits' ? 8 : 1;
    return {
      times: series.times,
      stepMs: series.stepMs,
      series: series.series.map((s) => ({ label: s.key.join(' · '), values: s.values.map((v) => v * k) })),
      other: series.other.map((v) => v * k),
      total: series.total.map((v) => v * k),
      previous: series.previous ? series.previous.map((v) => v * k) : null,
    };
  }, [series, st.metric]);

  const toggleDim = (d: string) => set({ dims: st.dims.includes(d) ? st.dims.filter((x) => x !== d) : [...st.dims, d].slice(0, 4) });
  const drill = (key: string[]) => {
    const parts = st.dims
      .map((d, i) => (key[i] === 'Other' ? null : `${d} = ${/^[\w.:/-]+$/.test(key[i]!) ? key[i] : JSON.stringify(key[i])}`))
      .filter(Boolean);
    if (!parts.length) return;
    set({ filter: st.filter ? `(${st.filter}) and ${parts.join(' and ')}` : parts.join(' and ') });
  };
  const name = `podium-flows-${st.dims.join('-') || 'total'}-${new Date().toISOString().slice(0, 19).replace(/:/g, '')}`;
  const csv = () => {
    if (!top) return;
    const rows = top.rows.map((r) => [...r.key, r.bytes, r.packets, r.flows]);
    if (top.other.groups) rows.push([...st.dims.map(() => 'Other'), top.other.bytes, top.other.packets, top.other.flows]);
    exportCsv(name, [...st.dims, 'bytes', 'packets', 'flows'], rows);
  };
  const saveView = async () => {
    if (!saving?.trim()) return;
    try {
      const v = await api.call('flows.views.save', { name: saving.trim(), state: { ...st } as unknown as Record<string, unknown> });
      setViews((vs) => [...vs.filter((x) => x.id !== v.id), v].sort((a, b) => a.name.localeCompare(b.name)));
      setSaving(null);
    } catch (e) {
      reportError(e, 'Save view');
    }
  };
  const openView = (id: string) => {
    const v = views.find((x) => x.id === id);
    if (v) setSt({ ...DEFAULT, ...(v.state as Partial<FlowsState>) });
  };

  return (
    <div className="page fl-page">
      <div className="page-head">
        <h1>Flows</h1>
        <span className="sub">
          {series
            ? `${series.source === 'raw' ? 'raw flows' : `${series.source} rollups`} · ${count(series.scanned.rows)} scanned in ${series.tookMs} ms`
            : 'Loading…'}
        </span>
        <span className="grow" />
        <select aria-label="Saved views" value="" onChange={(e) => openView(e.target.value)}>
          <option value="">Saved views…</option>
          {views.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name}
            </option>
          ))}
        </select>
        {saving === null ? (
          <button className="btn" onClick={() => setSaving('')} title="Save this view under a name">
            <Save size={15} /> Save view
          </button>
        ) : (
          <span className="fl-save">
            <input
              autoFocus
              aria-label="View name"
              placeholder="Name of the view"
              value={saving}
              onChange={(e) => setSaving(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && void saveView()}
            />
            <button className="btn small primary" onClick={() => void saveView()} disabled={!saving.trim()}>
              Save
            </button>
            <button className="btn small ghost" onClick={() => setSaving(null)} aria-label="Cancel">
              <X size={14} />
            </button>
          </span>
        )}
        {views.length > 0 && (
          <select
            aria-label="Delete a saved view"
            value=""
            onChange={(e) => {
              const id = e.target.value;
              if (id)
                void api.call('flows.views.delete', { id }).then(
                  () => setViews((vs) => vs.filter((v) => v.id !== id)),
                  (er: unknown) => reportError(er, 'Delete view'),
                );
            }}
          >
            <option value="">Delete…</option>
            {views.map((v) => (
              <option key={v.id} value={v.id}>
                {v.name}
              </option>
            ))}
          </select>
        )}
      </div>

      <div className="fl-toolbar">
        <select
          aria-label="Time range"
          value={st.range}
          onChange={(e) => set(e.target.value === 'custom' ? { range: 'custom', from: Date.now() - 3_600_000, to: Date.now() } : { range: e.target.value })}
        >
          {RANGES.map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
          <option value="custom">Custom range…</option>
        </select>
        {!relative && (
          <>
            <input
              type="datetime-local"
              aria-label="From"
              value={localInput(st.from ?? Date.now())}
              onChange={(e) => set({ from: new Date(e.target.value).getTime() })}
            />
            <span className="faint">to</span>
            <input
              type="datetime-local"
              aria-label="To"
              value={localInput(st.to ?? Date.now())}
              onChange={(e) => set({ to: new Date(e.target.value).getTime() })}
            />
          </>
        )}
        <button
          className={`btn${isLive ? ' live' : ''}`}
          onClick={() => setLive(!live)}
          disabled={!relative}
          aria-pressed={isLive}
          title={isLive ? 'Pause live updates (space)' : 'Resume live updates (space)'}
        >
          {isLive ? <Pause size={15} /> : <Play size={15} />} {isLive ? 'Live' : 'Paused'}
        </button>
        <span className="fl-seg" role="group" aria-label="Metric">
          {METRICS.map((m) => (
            <button
              key={m.id}
              className={`btn small${st.metric === m.id ? ' on' : ''}`}
              aria-pressed={st.metric === m.id}
              onClick={() => set({ metric: m.id })}
            >
              {m.label}
            </button>
          ))}
        </span>
        <span className="fl-seg" role="group" aria-label="Chart">
          {(['stacked', 'lines'] as const).map((m) => (
            <button key={m} className={`btn small${st.mode === m ? ' on' : ''}`} aria-pressed={st.mode === m} onClick={() => set({ mode: m })}>
              {m === 'stacked' ? 'Stacked' : 'Lines'}
            </button>
          ))}
        </span>
        <label className="fl-check">
          <input type="checkbox" checked={st.previous} onChange={(e) => set({ previous: e.target.checked })} /> Previous period
        </label>
        <select aria-label="Top N" value={st.limit} onChange={(e) => set({ limit: Number(e.target.value) })}>
          {[5, 10, 20, 50].map((n) => (
            <option key={n} value={n}>
              Top {n}
            </option>
          ))}
        </select>
        <span className="grow" />
        <span className="faint fl-small" aria-live="polite">
          {updated ? `updated ${new Date(updated).toLocaleTimeString([], { hour12: false })}` : ''}
        </span>
      </div>

      <FilterBox key={st.filter} value={st.filter} onApply={(filter) => set({ filter })} exporters={exporters} />

      <div className="fl-dims" role="group" aria-label="Group by">
        <span className="faint">Group by</span>
        {DIMENSIONS.map((d) => (
          <button
            key={d}
            aria-label={d}
            className={`fl-chip${st.dims.includes(d) ? ' on' : ''}`}
            aria-pressed={st.dims.includes(d)}
            onClick={() => toggleDim(d)}
            title={LABEL.get(d)}
          >
            {st.dims.includes(d) && <span className="fl-chip-n">{st.dims.indexOf(d) + 1}</span>}
            {d}
          </button>
        ))}
      </div>

      {error && (
        <div className="alert" role="alert">
          {error}
        </div>
      )}
      {series?.notes.map((n) => (
        <div key={n} className="fl-note faint">
          {n}
        </div>
      ))}

      <div className="panel" ref={box}>
        <div className="panel-head fl-panel-head">
          <span>
            {METRICS.find((m) => m.id === st.metric)!.label} {st.dims.length ? `by ${st.dims.slice(0, 2).join(' × ')}` : '(total)'}
          </span>
          <span className="grow" />
          <button className="btn small ghost" onClick={() => seriesSvg.current && void exportPng(seriesSvg.current, name)}>
            <Download size={13} /> PNG
          </button>
          <button className="btn small ghost" onClick={() => seriesSvg.current && exportSvg(seriesSvg.current, name)}>
            <Download size={13} /> SVG
          </button>
        </div>
        {chartData && <TimeSeriesChart data={chartData} metric={st.metric} mode={st.mode} colors={colors} width={width - 2} svgRef={seriesSvg} />}
      </div>

      <div className="panel">
        <div className="panel-head fl-panel-head">
          <span>
            Top {st.limit} {st.dims.length ? `by ${st.dims.join(' × ')}` : ''}
          </span>
          <span className="grow" />
          <button className="btn small ghost" onClick={csv} disabled={!top}>
            <Download size={13} /> CSV
          </button>
        </div>
        <div className="table-wrap">
          <table className="grid" aria-label="Top N">
            <thead>
              <tr>
                <th style={{ width: 18 }} />
                {st.dims.map((d) => (
                  <th key={d}>{LABEL.get(d) ?? d}</th>
                ))}
                <th className="num">{METRICS.find((m) => m.id === st.metric)!.label} (avg)</th>
                <th className="num">Share</th>
                <th className="num">Bytes</th>
                <th className="num">Packets</th>
                <th className="num">Flows</th>
              </tr>
            </thead>
            <tbody>
              {top?.rows.map((r, k) => (
                <tr
                  key={r.key.join('|')}
                  tabIndex={0}
                  onKeyDown={(e) => e.key === 'Enter' && drill(r.key)}
                  onDoubleClick={() => drill(r.key)}
                  title="Enter or double-click: add to the filter"
                >
                  <td>
                    <span className="fl-swatch" style={{ background: k < 10 && st.dims.length ? colorOf(k, r.key.join(' · '), colors) : 'transparent' }} />
                  </td>
                  {r.key.map((v, i) => (
                    <td key={i} className="mono">
                      {v}
                    </td>
                  ))}
                  <td className="num mono">{rate(perSec(metricOf(r)), st.metric)}</td>
                  <td className="num">
                    <span className="fl-share">
                      <span style={{ width: `${(100 * metricOf(r)) / Math.max(1e-9, metricOf(top.total))}%` }} />
                    </span>
                    {((100 * metricOf(r)) / Math.max(1e-9, metricOf(top.total))).toFixed(1)} %
                  </td>
                  <td className="num mono">{count(r.bytes)}</td>
                  <td className="num mono">{count(r.packets)}</td>
                  <td className="num mono">{count(r.flows)}</td>
                </tr>
              ))}
              {top && top.other.groups > 0 && (
                <tr className="fl-other">
                  <td />
                  <td colSpan={Math.max(1, st.dims.length)}>
                    Other <span className="faint">({top.other.groups} more)</span>
                  </td>
                  <td className="num mono">{rate(perSec(metricOf(top.other)), st.metric)}</td>
                  <td className="num">{((100 * metricOf(top.other)) / Math.max(1e-9, metricOf(top.total))).toFixed(1)} %</td>
                  <td className="num mono">{count(top.other.bytes)}</td>
                  <td className="num mono">{count(top.other.packets)}</td>
                  <td className="num mono">{count(top.other.flows)}</td>
                </tr>
              )}
              {top && top.rows.length === 0 && (
                <tr>
                  <td colSpan={st.dims.length + 6} className="faint">
                    No flows in this range{st.filter ? ' match the filter' : ''}.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      </div>

      <div className="panel">
        <div className="panel-head fl-panel-head">
          <span>Sankey {st.dims.length >= 2 ? st.dims.join(' → ') : ''}</span>
          <span className="grow" />
          {sankey && (
            <>
              <button className="btn small ghost" onClick={() => sankeySvg.current && void exportPng(sankeySvg.current, `${name}-sankey`)}>
                <Download size={13} /> PNG
              </button>
              <button className="btn small ghost" onClick={() => sankeySvg.current && exportSvg(sankeySvg.current, `${name}-sankey`)}>
                <Download size={13} /> SVG
              </button>
            </>
          )}
        </div>
        {st.dims.length < 2 ? (
          <div className="empty small">Group by two or more dimensions to see how traffic splits between them.</div>
        ) : sankey ? (
          <SankeyChart
            nodes={sankey.nodes}
            links={sankey.links}
            dims={sankey.dims}
            colors={colors}
            width={width - 2}
            svgRef={sankeySvg}
            unit={(v) => (st.metric === 'bits' ? rate((v * 8) / ((sankey.to - sankey.from) / 1000), 'bits') : count(v))}
          />
        ) : null}
      </div>
    </div>
  );
}
