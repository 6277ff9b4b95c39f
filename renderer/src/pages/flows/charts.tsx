// Flow charts drawn with d3 (scales, shapes, sankey layout) into SVG that React renders:
// the time series (stacked areas or lines, previous period dashed), the sankey, a sparkline.
// Colours are literal values so an exported SVG / PNG looks like the page.
import { useEffect, useMemo, useState, type RefObject } from 'react';
import { scaleLinear, scaleTime } from 'd3-scale';
import { area, line, stack, stackOrderNone, stackOffsetNone, curveMonotoneX } from 'd3-shape';
import { sankey as d3sankey, sankeyLinkHorizontal, type SankeyNode } from 'd3-sankey';
import { max } from 'd3-array';
import { PALETTE, rate, timeLabel, type RateMetric } from './units';
import type { ChartColors } from './theme';
import { download } from '../../lib/download';

export function useWidth(ref: RefObject<HTMLElement | null>, initial = 800): number {
  const [w, setW] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const o = new ResizeObserver(() => setW(Math.max(320, Math.floor(el.clientWidth))));
    o.observe(el);
    setW(Math.max(320, Math.floor(el.clientWidth)));
    return () => o.disconnect();
  }, [ref]);
  return w;
}

export interface SeriesData {
  times: number[];
  stepMs: number;
  series: { label: string; values: number[] }[];
  other: number[];
  total: number[];
  previous: number[] | null;
}

export function colorOf(i: number, label: string, c: ChartColors): string {
  return label === 'Other' ? c.faint : PALETTE[i % PALETTE.length]!;
}

export function TimeSeriesChart(props: {
  data: SeriesData;
  metric: RateMetric;
  mode: 'stacked' | 'lines';
  colors: ChartColors;
  width: number;
  svgRef?: RefObject<SVGSVGElement | null>;
  height?: number;
}) {
  const { data, metric, mode, colors: c, width } = props;
  const height = props.height ?? 280;
  const m = { top: 12, right: 16, bottom: 26, left: 78 };
  const [hover, setHover] = useState<number | null>(null);
  const layers = useMemo(() => {
    const ls = data.series.map((s) => ({ label: s.label, values: s.values }));
    if (data.series.length > 0 && data.other.some((v) => v > 0)) ls.push({ label: 'Other', values: data.other });
    if (ls.length === 0) ls.push({ label: 'Total', values: data.total });
    return ls;
  }, [data]);
  const n = data.times.length;
  const span = n > 0 ? data.times[n - 1]! + data.stepMs - data.times[0]! : 1;
  const x = scaleTime()
    .domain([data.times[0] ?? 0, (data.times[n - 1] ?? 0) + data.stepMs])
    .range([m.left, width - m.right]);
  const stacked = useMemo(() => {
    const rows = data.times.map((_, i) => Object.fromEntries(layers.map((l, k) => [String(k), l.values[i] ?? 0])));
    return stack<Record<string, number>>()
      .keys(layers.map((_, k) => String(k)))
      .order(stackOrderNone)
      .offset(stackOffsetNone)(rows);
  }, [data.times, layers]);
  const top = mode === 'stacked' ? (max(stacked[stacked.length - 1] ?? [], (d) => d[1]) ?? 0) : (max(layers.flatMap((l) => l.values)) ?? 0);
  const highest = Math.max(top, max(data.previous ?? []) ?? 0);
  // an axis from 0 to 1 when nothing was seen (not 0 to 1e-9)
  const yMax = highest > 0 ? highest * 1.08 : 1;
  const y = scaleLinear()
    .domain([0, yMax])
    .nice(5)
    .range([height - m.bottom, m.top]);
  const tx = (i: number) => x(data.times[i]! + data.stepMs / 2);
  const areaGen = area<[number, number]>()
    .x((_, i) => tx(i))
    .y0((d) => y(d[0]))
    .y1((d) => y(d[1]))
    .curve(curveMonotoneX);
  const lineGen = line<number>()
    .x((_, i) => tx(i))
    .y((v) => y(v))
    .curve(curveMonotoneX);
  const xTicks = x.ticks(Math.max(2, Math.floor(width / 120)));
  const yTicks = y.ticks(5);
  const onMove = (e: React.MouseEvent<SVGRectElement>) => {
    const r = (e.currentTarget as SVGRectElement).getBoundingClientRect();
    const t = x.invert(e.clientX - r.left + m.left).getTime();
    const i = Math.floor((t - (data.times[0] ?? 0)) / data.stepMs);
    setHover(i >= 0 && i < n ? i : null);
  };
  return (
    <div className="fl-chart">
      <svg
        ref={props.svgRef}
        width={width}
        height={height}
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`Time series of ${metric} per second`}
        fontFamily="system-ui, sans-serif"
        fontSize={11}
      >
        <rect x={0} y={0} width={width} height={height} fill={c.panel} />
        {yTicks.map((t) => (
          <g key={`y${t}`}>
            <line x1={m.left} x2={width - m.right} y1={y(t)} y2={y(t)} stroke={c.grid} strokeWidth={1} />
            <text x={m.left - 6} y={y(t)} dy="0.32em" textAnchor="end" fill={c.dim}>
              {rate(t, metric)}
            </text>
          </g>
        ))}
        {xTicks.map((t) => (
          <text key={`x${t.getTime()}`} x={x(t)} y={height - 8} textAnchor="middle" fill={c.dim}>
            {timeLabel(t.getTime(), span)}
          </text>
        ))}
        {mode === 'stacked'
          ? stacked.map((s, k) => (
              <path
                key={k}
                d={areaGen(s as unknown as [number, number][]) ?? ''}
                fill={colorOf(k, layers[k]!.label, c)}
                fillOpacity={0.75}
                stroke={colorOf(k, layers[k]!.label, c)}
                strokeWidth={1}
              />
            ))
          : layers.map((l, k) => <path key={k} d={lineGen(l.values) ?? ''} fill="none" stroke={colorOf(k, l.label, c)} strokeWidth={1.8} />)}
        {data.previous && <path d={lineGen(data.previous) ?? ''} fill="none" stroke={c.text} strokeOpacity={0.7} strokeDasharray="4 4" strokeWidth={1.4} />}
        <line x1={m.left} x2={width - m.right} y1={height - m.bottom} y2={height - m.bottom} stroke={c.faint} />
        {hover !== null && <line x1={tx(hover)} x2={tx(hover)} y1={m.top} y2={height - m.bottom} stroke={c.text} strokeOpacity={0.5} />}
        <rect
          x={m.left}
          y={m.top}
          width={Math.max(0, width - m.left - m.right)}
          height={height - m.top - m.bottom}
          fill="transparent"
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        />
      </svg>
      {hover !== null && (
        <div className="fl-tip" style={{ left: Math.min(tx(hover) + 12, width - 240) }}>
          <div className="fl-tip-time">{new Date(data.times[hover]!).toLocaleString()}</div>
          {layers.map((l, k) => (
            <div key={k} className="fl-tip-row">
              <span className="fl-swatch" style={{ background: colorOf(k, l.label, c) }} />
              <span className="fl-tip-label">{l.label}</span>
              <span className="mono">{rate(l.values[hover] ?? 0, metric)}</span>
            </div>
          ))}
          {data.previous && (
            <div className="fl-tip-row">
              <span className="fl-swatch dashed" />
              <span className="fl-tip-label">Previous period</span>
              <span className="mono">{rate(data.previous[hover] ?? 0, metric)}</span>
            </div>
          )}
        </div>
      )}
      <div className="fl-legend" aria-label="Legend">
        {layers.map((l, k) => (
          <span key={k} className="fl-legend-item">
            <span className="fl-swatch" style={{ background: colorOf(k, l.label, c) }} />
            {l.label}
          </span>
        ))}
        {data.previous && (
          <span className="fl-legend-item">
            <span className="fl-swatch dashed" /> Previous period (total)
          </span>
        )}
      </div>
    </div>
  );
}

interface SNode {
  id: string;
  label: string;
  level: number;
}
interface SLink {
  source: string;
  target: string;
  value: number;
}

export function SankeyChart(props: {
  nodes: { id: string; label: string; level: number; value: number }[];
  links: SLink[];
  dims: string[];
  colors: ChartColors;
  width: number;
  svgRef?: RefObject<SVGSVGElement | null>;
  unit: (v: number) => string;
}) {
  const { colors: c, width } = props;
  const height = Math.max(260, Math.min(640, 40 + props.nodes.filter((n) => n.level === 0).length * 30));
  const layout = useMemo(() => {
    if (props.links.length === 0) return null;
    const gen = d3sankey<SNode, SLink>()
      .nodeId((d) => d.id)
      .nodeWidth(12)
      .nodePadding(10)
      .nodeSort((a, b) => (b.value ?? 0) - (a.value ?? 0))
      .extent([
        [8, 24],
        [width - 8, height - 8],
      ]);
    try {
      return gen({ nodes: props.nodes.map((n) => ({ ...n })), links: props.links.map((l) => ({ ...l })) });
    } catch {
      return null;
    }
  }, [props.nodes, props.links, width, height]);
  if (!layout) return <div className="empty small">Nothing to show for this range and filter.</div>;
  const levels = props.dims.length;
  const color = (n: SankeyNode<SNode, SLink>) => (n.label === 'Other' ? c.faint : PALETTE[((n.index ?? 0) + n.level * 3) % PALETTE.length]!);
  return (
    <svg
      ref={props.svgRef}
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`Sankey of ${props.dims.join(', ')}`}
      fontFamily="system-ui, sans-serif"
      fontSize={11}
    >
      <rect x={0} y={0} width={width} height={height} fill={c.panel} />
      {props.dims.map((d, k) => (
        <text
          key={d}
          x={levels === 1 ? 8 : 8 + ((width - 28) * k) / (levels - 1) + (k === levels - 1 ? 12 : 0)}
          y={14}
          textAnchor={k === 0 ? 'start' : k === levels - 1 ? 'end' : 'middle'}
          fill={c.dim}
          fontWeight={600}
        >
          {d}
        </text>
      ))}
      <g fill="none">
        {layout.links.map((l, k) => (
          <path
            key={k}
            d={sankeyLinkHorizontal()(l) ?? ''}
            stroke={color(l.source as SankeyNode<SNode, SLink>)}
            strokeOpacity={0.35}
            strokeWidth={Math.max(1, l.width ?? 1)}
          >
            <title>{`${(l.source as SNode).label} → ${(l.target as SNode).label}: ${props.unit(l.value)}`}</title>
          </path>
        ))}
      </g>
      {layout.nodes.map((n) => {
        const right = (n.x0 ?? 0) > width / 2;
        return (
          <g key={n.id}>
            <rect x={n.x0} y={n.y0} width={(n.x1 ?? 0) - (n.x0 ?? 0)} height={Math.max(1, (n.y1 ?? 0) - (n.y0 ?? 0))} fill={color(n)}>
              <title>{`${n.label}: ${props.unit(n.value ?? 0)}`}</title>
            </rect>
            {(n.y1 ?? 0) - (n.y0 ?? 0) > 7 && (
              <text
                x={right ? (n.x0 ?? 0) - 6 : (n.x1 ?? 0) + 6}
                y={((n.y0 ?? 0) + (n.y1 ?? 0)) / 2}
                dy="0.32em"
                textAnchor={right ? 'end' : 'start'}
                fill={c.text}
              >
                {n.label}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function Sparkline(props: { values: number[]; width: number; height: number; color: string }) {
  const { values, width, height } = props;
  const y = scaleLinear()
    .domain([0, Math.max(1e-9, max(values) ?? 0)])
    .range([height - 2, 2]);
  const x = scaleLinear()
    .domain([0, Math.max(1, values.length - 1)])
    .range([0, width]);
  const a = area<number>()
    .x((_, i) => x(i))
    .y0(height)
    .y1((v) => y(v))
    .curve(curveMonotoneX);
  return (
    <svg width={width} height={height} aria-hidden="true">
      <path d={a(values) ?? ''} fill={props.color} fillOpacity={0.22} stroke={props.color} strokeWidth={1.5} />
    </svg>
  );
}

// ---------------------------------------------------------------- export

export function svgText(svg: SVGSVGElement): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  return new XMLSerializer().serializeToString(clone);
}

export function exportSvg(svg: SVGSVGElement, name: string): void {
  download(`${name}.svg`, new Blob([svgText(svg)], { type: 'image/svg+xml' }));
}

export function exportPng(svg: SVGSVGElement, name: string): Promise<void> {
  const w = svg.width.baseVal.value;
  const h = svg.height.baseVal.value;
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = w * 2;
      canvas.height = h * 2;
      const ctx = canvas.getContext('2d');
      if (!ctx) return reject(new Error('no canvas'));
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0);
      URL.revokeObjectURL(url);
      canvas.toBlob((b) => {
        if (b) download(`${name}.png`, b);
        resolve();
      }, 'image/png');
    };
    img.onerror = () => reject(new Error('the chart could not be drawn'));
    img.src = url;
  });
}

export function exportCsv(name: string, header: string[], rows: (string | number)[][]): void {
  const cell = (v: string | number) => (typeof v === 'number' ? String(v) : /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
  download(`${name}.csv`, new Blob([text], { type: 'text/csv' }));
}
