// Lines of a diff: added in green, removed in red, context plain; a gap where lines were skipped.
export interface DiffLine {
  op: '+' | '-' | ' ';
  text: string;
}

export function DiffView(props: { lines: DiffLine[]; label: string; maxHeight?: number }) {
  return (
    <pre className="diff" aria-label={props.label} style={props.maxHeight ? { maxHeight: props.maxHeight } : undefined}>
      {props.lines.map((l, i) => (
        <div key={i} className={l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'ctx'}>
          <span className="sign" aria-hidden="true">
            {l.op}
          </span>
          {l.text || ' '}
        </div>
      ))}
      {props.lines.length === 0 && <div className="ctx">No change.</div>}
    </pre>
  );
}
