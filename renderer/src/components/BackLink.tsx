import type { ReactNode } from 'react';
import { ArrowLeft } from 'lucide-react';

/** The way back to where a detail page was opened from, above its title. */
export function BackLink(props: { to: string; children: ReactNode }) {
  return (
    <div className="page-head">
      <a className="btn ghost small" href={`#${props.to}`}>
        <ArrowLeft size={15} /> {props.children}
      </a>
    </div>
  );
}
