// Numbers as NOC engineers read them: SI rates (bit/s), counts with k/M/G.
export type RateMetric = 'bits' | 'packets' | 'flows';

export const METRICS: { id: RateMetric; label: string; unit: string; query: 'bytes' | 'packets' | 'flows' }[] = [
  { id: 'bits', label: 'Bits/s', unit: 'bit/s', query: 'bytes' },
  { id: 'packets', label: 'Packets/s', unit: 'pkt/s', query: 'packets' },
  { id: 'flows', label: 'Flows/s', unit: 'flows/s', query: 'flows' },
];

export function si(v: number, digits = 3): string {
  const a = Math.abs(v);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'G'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [d, u] of units) if (a >= d) return `${(v / d).toPrecision(digits)} ${u}`;
  if (a === 0) return '0 ';
  return `${a < 10 ? v.toPrecision(Math.min(digits, 2)) : Math.round(v)} `;
}

export function rate(v: number, m: RateMetric): string {
  return `${si(v)}${m === 'bits' ? 'bit/s' : m === 'packets' ? 'pkt/s' : 'flows/s'}`;
}

export function bytes(v: number): string {
  return `${si(v)}B`;
}

export function count(v: number): string {
  return v < 10_000 ? String(Math.round(v)) : `${si(v)}`.trim();
}

export const PALETTE = ['#38bdf8', '#f59e0b', '#22c55e', '#a78bfa', '#f472b6', '#14b8a6', '#ef4444', '#818cf8', '#eab308', '#fb923c', '#06b6d4', '#84cc16'];

export const RANGES: { id: string; label: string; ms: number }[] = [
  { id: '5m', label: 'Last 5 min', ms: 5 * 60_000 },
  { id: '15m', label: 'Last 15 min', ms: 15 * 60_000 },
  { id: '1h', label: 'Last hour', ms: 3_600_000 },
  { id: '6h', label: 'Last 6 h', ms: 6 * 3_600_000 },
  { id: '24h', label: 'Last 24 h', ms: 86_400_000 },
  { id: '7d', label: 'Last 7 days', ms: 7 * 86_400_000 },
];

/** "14:05:30" local, or with the date when the span is long. */
export function timeLabel(ms: number, spanMs: number): string {
  const d = new Date(ms);
  const hm = d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', ...(spanMs <= 15 * 60_000 ? { second: '2-digit' } : {}), hour12: false });
  return spanMs > 86_400_000 ? `${d.toLocaleDateString([], { month: 'short', day: 'numeric' })} ${hm}` : hm;
}
