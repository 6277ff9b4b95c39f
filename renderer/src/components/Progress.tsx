// Progress of an operation: a bar with its steps done of total.
export function Progress(props: { done: number; total: number; label: string; tone?: 'ok' | 'bad' | 'info' | 'warn' }) {
  const p = props.total > 0 ? Math.round((props.done / props.total) * 100) : 0;
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={props.total}
      aria-valuenow={props.done}
      title={`${props.done} of ${props.total} steps`}
    >
      <div className={`progress-fill ${props.tone ?? 'info'}`} style={{ width: `${p}%` }} />
    </div>
  );
}
