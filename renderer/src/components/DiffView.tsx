// Lines of a diff: added in green, removed in red, context plain; long unchanged runs folded.
import { collapseDiff } from '../lib/services';

export interface DiffLine {
  op: '+' | '-' | ' ';
  text: string;
}

export function DiffView(props: { lines: DiffLine[]; label: string; maxHeight?: number; context?: number }) {
  const rows = collapseDiff(props.lines, props.context ?? 2);
  return (
    <pre className="diff" aria-label={props.label} style={props.maxHeight ? { maxHeight: props.maxHeight } : undefined}>
      {rows.map((r, i) =>
        'gap' in r ? (
          <div key={i} className="gap">
            ⋯ {r.gap} unchanged {r.gap === 1 ? 'line' : 'lines'}
          </div>
        ) : (
          <div key={i} className={r.op === '+' ? 'add' : r.op === '-' ? 'del' : 'ctx'}>
            <span className="sign" aria-hidden="true">
              {r.op}
            </span>
            {r.text || ' '}
          </div>
        ),
      )}
      {props.lines.length === 0 && <div className="ctx">No change.</div>}
    </pre>
  );
}
