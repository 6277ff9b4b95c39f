// Home: the network now — flows/s, bits/s, packets/s, exporters heard, top protocols —
// live from the collector, once a second; and the top talkers of the last minute, every
// 5 s, each one click from its flows.
import { useEffect, useRef, useState } from 'react';
import { Activity, ArrowRight, Gauge, Radio, Waves } from 'lucide-react';
import type { CommandOutput, TopicEvent } from '../../../../core/api/contract';
import { api } from '../../lib/transport';
import { useTopic } from '../../lib/hooks';
import { navigate } from '../../app/router';
import { reportError } from '../../app/toasts';
import { Sparkline } from './charts';
import { PALETTE, count, rate, si } from './units';
import { useChartColors } from './theme';
import { openFlows } from './handoff';
import './flows.css';

type Overview = CommandOutput<'flows.overview'>;
type Live = TopicEvent<'flows.live'>;
type Top = CommandOutput<'flows.top'>;

/** The sources that sent the most in the last minute, asked again every 5th `tick()` (the page's live events). */
function useTopTalkers(): { top: Top | null; tick: () => void } {
  const [top, setTop] = useState<Top | null>(null);
  const ticks = useRef(0);
  const busy = useRef(false);
  const load = () => {
    if (busy.current) return;
    busy.current = true;
    api
      .call('flows.top', { lastMs: 60_000, dims: ['src'], metric: 'bytes', limit: 5 })
      .then(setTop, () => {})
      .finally(() => (busy.current = false));
  };
  useEffect(load, []);
  const tick = () => {
    if (++ticks.current % 5 === 0) load();
  };
  return { top, tick };
}

export function HomePage() {
  const [ov, setOv] = useState<Overview | null>(null);
  const [history, setHistory] = useState<{ t: number; flowsPerSec: number; bitsPerSec: number; packetsPerSec: number }[]>([]);
  const [live, setLive] = useState<Live | null>(null);
  const c = useChartColors();
  const { top: talkers, tick: talkersTick } = useTopTalkers();
  useEffect(() => {
    api.call('flows.overview', {}).then(
      (o) => {
        setOv(o);
        setHistory(o.history.slice(-120));
        setLive(o.current);
      },
      (e: unknown) => reportError(e, 'Overview'),
    );
  }, []);
  useTopic('flows.live', {}, (e) => {
    talkersTick();
    setLive(e);
    setHistory((h) => [...h.slice(-119), { t: e.t, flowsPerSec: e.flowsPerSec, bitsPerSec: e.bitsPerSec, packetsPerSec: e.packetsPerSec }]);
  });
  const listeners = ov?.listeners ?? [];
  const totalProto = (live?.protocols ?? []).reduce((n, p) => n + p.bitsPerSec, 0);
  const tiles = [
    {
      id: 'flows',
      label: 'Flows/s',
      icon: Activity,
      value: live ? count(live.flowsPerSec) : '—',
      series: history.map((h) => h.flowsPerSec),
      color: PALETTE[0]!,
    },
    {
      id: 'bits',
      label: 'Bits/s',
      icon: Waves,
      value: live ? rate(live.bitsPerSec, 'bits') : '—',
      series: history.map((h) => h.bitsPerSec),
      color: PALETTE[2]!,
    },
    {
      id: 'packets',
      label: 'Packets/s',
      icon: Gauge,
      value: live ? `${si(live.packetsPerSec)}pkt/s` : '—',
      series: history.map((h) => h.packetsPerSec),
      color: PALETTE[3]!,
    },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <h1>Home</h1>
        <span className="sub">The network now: what the collector hears from every exporter, once a second</span>
        <span className="grow" />
        <button className="btn" onClick={() => navigate('/flows')}>
          Explore flows <ArrowRight size={15} />
        </button>
      </div>
      {ov && !ov.enabled && (
        <div className="alert">The flow collector is not running in this Podium (it was started with PODIUM_FLOWS=0, or it failed: see the log).</div>
      )}
      <div className="fl-tiles">
        {tiles.map((t) => (
          <section key={t.id} className="fl-tile" aria-label={t.label} data-tile={t.id}>
            <div className="fl-tile-head">
              <t.icon size={15} /> {t.label}
            </div>
            <div className="fl-tile-value mono">{t.value}</div>
            <Sparkline values={t.series.length ? t.series : [0]} width={220} height={42} color={t.color} />
          </section>
        ))}
        <section className="fl-tile" aria-label="Exporters" data-tile="exporters">
          <div className="fl-tile-head">
            <Radio size={15} /> Exporters
          </div>
          <div className="fl-tile-value mono">{live ? live.exporters : '—'}</div>
          <button className="btn small ghost" onClick={() => navigate('/exporters')}>
            heard in the last minute — health <ArrowRight size={13} />
          </button>
        </section>
        <section className="fl-tile wide" aria-label="Top protocols" data-tile="protocols">
          <div className="fl-tile-head">Top protocols (bits/s, last second)</div>
          {(live?.protocols ?? []).length === 0 && <div className="faint">No traffic in the last second.</div>}
          <ul className="fl-bars">
            {(live?.protocols ?? []).slice(0, 6).map((p, k) => (
              <li key={p.proto}>
                <span className="fl-bar-label">{p.name}</span>
                <span className="fl-bar-track">
                  <span className="fl-bar" style={{ width: `${(100 * p.bitsPerSec) / Math.max(1, totalProto)}%`, background: PALETTE[k % PALETTE.length] }} />
                </span>
                <span className="mono fl-bar-value">{rate(p.bitsPerSec, 'bits')}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="fl-tile wide" aria-label="Top talkers" data-tile="talkers">
          <div className="fl-tile-head">Top talkers (source, bits/s, last minute)</div>
          {talkers && talkers.rows.length === 0 && <div className="faint">No traffic in the last minute.</div>}
          <ul className="fl-bars addr">
            {(talkers?.rows ?? []).map((r, k) => {
              const span = Math.max(1, (talkers!.to - talkers!.from) / 1000);
              const addr = r.key[0]!;
              return (
                <li key={addr}>
                  <button className="fl-bar-label linkish" title={`Show the flows to and from ${addr}`} onClick={() => openFlows(`addr = ${addr}`)}>
                    {addr}
                  </button>
                  <span className="fl-bar-track">
                    <span
                      className="fl-bar"
                      title={`${((100 * r.bytes) / Math.max(1, talkers!.total.bytes)).toFixed(1)} % of all traffic`}
                      style={{ width: `${(100 * r.bytes) / Math.max(1, talkers!.rows[0]!.bytes)}%`, background: PALETTE[k % PALETTE.length] }}
                    />
                  </span>
                  <span className="mono fl-bar-value">{rate((r.bytes * 8) / span, 'bits')}</span>
                </li>
              );
            })}
          </ul>
        </section>
      </div>
      <div className="panel fl-listeners">
        <div className="panel-head">Collector listeners</div>
        <div className="panel-body">
          {listeners.map((l) => (
            <span
              key={`${l.proto}${l.address}${l.port}`}
              className={`fl-listener ${l.error ? 'bad' : 'ok'}`}
              title={l.error ?? `receive buffer ${l.receiveBufferBytes ?? '?'} bytes`}
            >
              <span className="dot" style={{ background: l.error ? 'var(--bad)' : 'var(--ok)' }} /> {l.proto} {l.address}:{l.boundPort ?? l.port}
              {l.error && <span className="faint"> — {l.error}</span>}
            </span>
          ))}
          <span className="faint" style={{ marginLeft: 'auto', color: c.faint }}>
            {live ? `updated ${new Date(live.t).toLocaleTimeString([], { hour12: false })}` : ''}
          </span>
        </div>
      </div>
    </div>
  );
}
