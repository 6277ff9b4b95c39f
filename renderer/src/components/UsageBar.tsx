// A utilization bar: used (coloured by how full), reserved for the host (hatched), free.
import { percent } from '../lib/services';

export function UsageBar(props: {
  label: string;
  used: number;
  reserved?: number;
  total: number;
  unit?: string;
  format?: (n: number) => string;
  compact?: boolean;
}) {
  const f = props.format ?? ((n: number) => n.toLocaleString('en'));
  const reserved = props.reserved ?? 0;
  const usable = props.total - reserved;
  const p = percent(props.used, usable);
  const tone = p >= 90 ? 'bad' : p >= 70 ? 'warn' : 'ok';
  const title = `${props.label}: ${f(props.used)} of ${f(usable)}${props.unit ? ` ${props.unit}` : ''} used (${p.toFixed(0)} %)${reserved ? `; ${f(reserved)} kept for the host` : ''}`;
  return (
    <div className={`usage${props.compact ? ' compact' : ''}`} title={title}>
      <div className="usage-label">
        <span>{props.label}</span>
        <span className="mono">
          {f(props.used)} / {f(usable)}
          {props.unit ? ` ${props.unit}` : ''}
        </span>
      </div>
      <div
        className="usage-track"
        role="meter"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={usable}
        aria-valuenow={props.used}
        aria-valuetext={title}
      >
        <div className={`usage-fill ${tone}`} style={{ width: `${p}%` }} />
        {reserved > 0 && <div className="usage-reserved" style={{ width: `${percent(reserved, props.total)}%` }} />}
      </div>
    </div>
  );
}
