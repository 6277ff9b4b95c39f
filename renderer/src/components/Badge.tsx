import type { ReactNode } from 'react';

export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'neutral';

export function Badge(props: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge ${props.tone && props.tone !== 'neutral' ? props.tone : ''}`} title={props.title}>
      {props.children}
    </span>
  );
}
