// A wizard's step indicator: where you are, what is done, and (when allowed) a way back.
import { Check } from 'lucide-react';

export function Stepper(props: { steps: string[]; current: number; reachable: (i: number) => boolean; onGo: (i: number) => void; label: string }) {
  return (
    <ol className="stepper" aria-label={props.label}>
      {props.steps.map((s, i) => {
        const done = i < props.current;
        const here = i === props.current;
        const can = !here && props.reachable(i);
        return (
          <li key={s} className={`${done ? 'done' : ''} ${here ? 'here' : ''}`} aria-current={here ? 'step' : undefined}>
            <button type="button" disabled={!can} onClick={() => props.onGo(i)} title={can ? `Go to ${s}` : undefined}>
              <span className="num">{done ? <Check size={13} /> : i + 1}</span>
              <span className="name">{s}</span>
            </button>
          </li>
        );
      })}
    </ol>
  );
}
