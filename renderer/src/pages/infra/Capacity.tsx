// Capacity: the seed's calculator (Figure 6-12) — how many services of each type fit on each
// PoD model, with and without IPS, as a table and a chart; a what-if for a mix of types on
// the models and on the live PoDs; and the room left on each live PoD now.
import { useEffect, useMemo, useState } from 'react';
import { asApiError, useCommand, useThrottled, useTopic } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { niceTicks } from '../../lib/services';
import type { ApiError } from '../../../../core/api/errors';
import type { CommandOutput } from '../../../../core/api/contract';
import { Badge } from '../../components/Badge';
import { UsageBar } from '../../components/UsageBar';

type Calc = CommandOutput<'capacity.calculator'>;
type WhatIf = CommandOutput<'capacity.whatIf'>;
type Show = 'all' | 'plain' | 'ips';

const SERIES_COLOURS = ['var(--accent)', 'var(--standby)', 'var(--ok)', 'var(--warn)', 'var(--info)'];
const BOUND: Record<string, string> = { vcpu: 'vCPU', ramMb: 'RAM', diskGb: 'disk', pool: 'pool', quota: 'quota', pods: 'PoDs', none: '—', limit: 'limit' };

/** A category label on at most two lines: "Advanced with Web Security" / "+ IPS". */
function axisLines(name: string): string[] {
  const [head, ...rest] = name.split(' + ');
  const lines = [head ?? name];
  if (rest.length) lines.push(`+ ${rest.join(' + ')}`);
  return lines.map((l) => (l.length > 22 ? l.replace('Advanced with', 'Adv. with') : l));
}

/** A grouped bar chart: one group per service type, one bar per PoD model. */
export function GroupedBars(props: { categories: string[]; series: { name: string; values: number[] }[]; label: string }) {
  const W = 820;
  const H = 300;
  const m = { l: 48, r: 12, t: 16, b: 58 };
  const max = Math.max(1, ...props.series.flatMap((s) => s.values));
  const ticks = niceTicks(max);
  const top = ticks[ticks.length - 1] ?? max;
  const iw = W - m.l - m.r;
  const ih = H - m.t - m.b;
  const gw = iw / Math.max(1, props.categories.length);
  const bw = Math.min(38, (gw * 0.78) / Math.max(1, props.series.length));
  const y = (v: number) => m.t + ih - (v / top) * ih;
  return (
    <figure className="bars-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={props.label}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={m.l} x2={W - m.r} y1={y(t)} y2={y(t)} className="grid-line" />
            <text x={m.l - 8} y={y(t) + 4} textAnchor="end" className="axis">
              {t.toLocaleString('en')}
            </text>
          </g>
        ))}
        {props.categories.map((c, ci) => {
          const gx = m.l + ci * gw + (gw - bw * props.series.length) / 2;
          return (
            <g key={c}>
              {props.series.map((s, si) => {
                const v = s.values[ci] ?? 0;
                const x = gx + si * bw;
                return (
                  <g key={s.name}>
                    <rect x={x + 1} y={y(v)} width={bw - 2} height={Math.max(0, m.t + ih - y(v))} fill={SERIES_COLOURS[si % SERIES_COLOURS.length]} rx={2}>
                      <title>{`${s.name}: ${v} × ${c}`}</title>
                    </rect>
                    <text x={x + bw / 2} y={y(v) - 4} textAnchor="middle" className="bar-value">
                      {v}
                    </text>
                  </g>
                );
              })}
              <text x={m.l + ci * gw + gw / 2} y={H - m.b + 18} textAnchor="middle" className="axis cat">
                {axisLines(c).map((line, li) => (
                  <tspan key={li} x={m.l + ci * gw + gw / 2} dy={li === 0 ? 0 : 14}>
                    {line}
                  </tspan>
                ))}
              </text>
            </g>
          );
        })}
        <line x1={m.l} x2={W - m.r} y1={m.t + ih} y2={m.t + ih} className="axis-line" />
      </svg>
      <figcaption className="bars-legend">
        {props.series.map((s, si) => (
          <span key={s.name}>
            <i style={{ background: SERIES_COLOURS[si % SERIES_COLOURS.length] }} /> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

function Calculator(props: { calc: Calc }) {
  const { calc } = props;
  const [show, setShow] = useState<Show>('all');
  const types = calc.serviceTypes.filter((t) => show === 'all' || (show === 'ips') === t.ips);
  const idx = types.map((t) => calc.serviceTypes.indexOf(t));
  const rows = calc.table.filter((r) => types.some((t) => t.id === r.serviceType));
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Services per PoD model</h2>
        <span className="muted small">one service type at a time, each chain on one production server</span>
        <span className="grow" />
        <div className="seg" role="radiogroup" aria-label="Intrusion prevention">
          {(['all', 'plain', 'ips'] as Show[]).map((s) => (
            <label key={s} className={show === s ? 'on' : ''}>
              <input type="radio" name="ips-show" checked={show === s} onChange={() => setShow(s)} />
              {s === 'all' ? 'With and without IPS' : s === 'plain' ? 'Without IPS' : 'With IPS'}
            </label>
          ))}
        </div>
      </div>
      <div className="panel-body calc">
        <table className="grid" aria-label="Services per PoD model">
          <thead>
            <tr>
              <th>Service type</th>
              <th className="num">vCPU</th>
              <th className="num">RAM</th>
              <th className="num">Disk</th>
              {calc.podModels.map((m) => (
                <th key={m.id} className="num">
                  {m.name} PoD
                  <div className="faint small">{m.productionServers} servers</div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const t = calc.serviceTypes.find((x) => x.id === r.serviceType)!;
              return (
                <tr key={r.serviceType}>
                  <td>
                    {r.name} {t.ips && <Badge tone="warn">IPS</Badge>}
                  </td>
                  <td className="num">{t.vcpu}</td>
                  <td className="num">{Math.round(t.ramMb / 1024)} GB</td>
                  <td className="num">{t.diskGb} GB</td>
                  {r.cells.map((c) => (
                    <td key={c.podModel} className="num" data-testid={`calc-${r.serviceType}-${c.podModel}`}>
                      <b>{c.services.toLocaleString('en')}</b> <span className="faint small">by {BOUND[c.bound]}</span>
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        <GroupedBars
          label="Services per PoD model, by service type"
          categories={types.map((t) => t.name)}
          series={calc.chart.series.map((s) => ({ name: `${s.name} PoD`, values: idx.map((i) => s.values[i] ?? 0) }))}
        />
      </div>
    </div>
  );
}

function WhatIfPanel(props: { calc: Calc; liveTick: number }) {
  const types = props.calc.serviceTypes;
  const [shares, setShares] = useState<Record<string, string>>(() =>
    Object.fromEntries(types.map((t) => [t.id, t.ips ? '0' : t.id === 'foundation' ? '4' : '2'])),
  );
  const [res, setRes] = useState<WhatIf | null>(null);
  const [err, setErr] = useState<ApiError | null>(null);
  const key = JSON.stringify(shares);
  useEffect(() => {
    const t = setTimeout(() => {
      const mix = types.map((x) => ({ serviceType: x.id, share: Number(shares[x.id] ?? 0) || 0 }));
      api.call('capacity.whatIf', { mix }).then(
        (r) => {
          setRes(r);
          setErr(null);
        },
        (e: unknown) => setErr(asApiError(e)),
      );
    }, 250);
    return () => clearTimeout(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- key is the shares' value
  }, [key, props.liveTick, types]);
  const name = (id: string) => types.find((t) => t.id === id)?.name ?? id;
  /** How many services of each type a mix holds, by name ("—" when none). */
  const ofWhich = (byType: Record<string, number>) =>
    Object.entries(byType)
      .filter(([, n]) => n > 0)
      .map(([id, n]) => `${n} ${name(id)}`)
      .join(', ') || '—';
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>What if — a mix of service types</h2>
        <span className="muted small">relative shares; the mix is placed by best fit until something runs out</span>
      </div>
      <div className="panel-body">
        <div className="mix">
          {types.map((t) => (
            <label key={t.id} className="mix-item">
              <span>
                {t.name} {t.ips && <Badge tone="warn">IPS</Badge>}
              </span>
              <input
                inputMode="numeric"
                aria-label={`Share of ${t.name}`}
                value={shares[t.id] ?? '0'}
                onChange={(e) => setShares((s) => ({ ...s, [t.id]: e.target.value }))}
              />
            </label>
          ))}
        </div>
        {err && (
          <div className="alert bad" role="alert">
            {err.issues.length ? err.issues.map((i) => i.message).join('; ') : err.message}
          </div>
        )}
        {res && (
          <div className="whatif-grid">
            <table className="grid" aria-label="Mix on each PoD model">
              <thead>
                <tr>
                  <th>On an empty PoD</th>
                  <th className="num">Services</th>
                  <th>Of which</th>
                  <th>Runs out of</th>
                </tr>
              </thead>
              <tbody>
                {res.models.map((m) => (
                  <tr key={m.podModel}>
                    <td>
                      <b>{props.calc.podModels.find((x) => x.id === m.podModel)?.name ?? m.podModel}</b>
                    </td>
                    <td className="num" data-testid={`whatif-${m.podModel}`}>
                      <b>{m.services}</b>
                    </td>
                    <td className="small">{ofWhich(m.byType)}</td>
                    <td className="small">{BOUND[m.bound] ?? m.bound}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="grid" aria-label="Mix on the live PoDs">
              <thead>
                <tr>
                  <th>More on the live PoDs</th>
                  <th className="num">Services</th>
                  <th>Of which</th>
                  <th>Runs out of</th>
                </tr>
              </thead>
              <tbody>
                {res.live.map((l) => (
                  <tr key={l.podId}>
                    <td>
                      <b>{l.podName}</b>
                    </td>
                    <td className="num">
                      <b>{l.more}</b>
                    </td>
                    <td className="small">{ofWhich(l.byType)}</td>
                    <td className="small">{BOUND[l.bound] ?? l.bound}</td>
                  </tr>
                ))}
                <tr>
                  <td>
                    <b>Every live PoD</b>
                  </td>
                  <td className="num" data-testid="whatif-live-total">
                    <b>{res.liveTotal}</b>
                  </td>
                  <td colSpan={2} />
                </tr>
              </tbody>
            </table>
          </div>
        )}
      </div>
    </div>
  );
}

function LiveRoom(props: { tick: number }) {
  const q = useCommand('pods.capacity', {});
  const { reload } = q;
  useEffect(() => {
    if (props.tick) reload();
  }, [props.tick, reload]);
  const pods = q.data?.pods ?? [];
  const types = pods[0]?.fits ?? [];
  return (
    <div className="panel">
      <div className="panel-head">
        <h2>Room left on the live PoDs</h2>
        <span className="muted small">how many more of each type would fit now, each type alone</span>
      </div>
      <div className="table-wrap">
        <table className="grid" aria-label="Room left">
          <thead>
            <tr>
              <th>PoD</th>
              <th style={{ width: '22%' }}>vCPU in use</th>
              {types.map((t) => (
                <th key={t.serviceType} className="num">
                  {t.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pods.map((p) => (
              <tr key={p.podId}>
                <td>
                  <b>{p.podName}</b> <span className="faint small">{p.model}</span>
                  <div className="faint small">{p.dcName}</div>
                </td>
                <td>
                  <UsageBar compact label="vCPU" used={p.vcpu.used} reserved={p.vcpu.reserved} total={p.vcpu.total} />
                </td>
                {p.fits.map((f) => (
                  <td key={f.serviceType} className="num">
                    {f.more}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

export function CapacityPage() {
  const calc = useCommand('capacity.calculator', {});
  const [tick, setTick] = useState(0);
  const bump = useThrottled(() => setTick((t) => t + 1), 1000);
  useTopic('pods.changed', {}, bump);
  useTopic('catalog.changed', {}, () => calc.reload());
  const c = calc.data;
  const totals = useMemo(() => c?.podModels.map((m) => `${m.name}: ${m.productionServers} × ${m.server.vcpu - m.server.reservedVcpu} vCPU`).join(' · '), [c]);
  if (calc.error) return <div className="page empty">Could not load the calculator: {calc.error.message}</div>;
  if (!c) return <div className="page empty">Loading…</div>;
  return (
    <div className="page wide">
      <div className="page-head">
        <h1>Capacity</h1>
        <span className="sub">{totals}</span>
      </div>
      <div className="stack">
        <Calculator calc={c} />
        <WhatIfPanel calc={c} liveTick={tick} />
        <LiveRoom tick={tick} />
      </div>
    </div>
  );
}
