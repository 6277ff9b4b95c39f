// Colours of the topology views, read from the theme's CSS variables (styles.css), so the
// canvas follows a theme switch like the rest of the console.
import type { NodeState } from '../../../core/topology/contract.js';

export interface Palette {
  dark: boolean;
  bg: string;
  raised: string;
  panel: string;
  hover: string;
  border: string;
  borderStrong: string;
  text: string;
  dim: string;
  faint: string;
  accent: string;
  /** Each state's own colour: stripes, dots, rings, lines. */
  state: Record<NodeState, string>;
  /** A tile's fill in each state: the state's colour over the panel, readable under white or dark text. */
  tile: Record<NodeState, string>;
}

export const STATE_VAR: Record<NodeState, string> = {
  ACTIVE: '--ok',
  BUILD: '--info',
  ERROR: '--bad',
  DEGRADED: '--warn',
  STANDBY: '--standby',
  MAINTENANCE: '--text-faint',
  UNKNOWN: '--border-strong',
};

export const STATE_MEANING: Record<NodeState, string> = {
  ACTIVE: 'running as it should',
  BUILD: 'being created, changed or started',
  ERROR: 'failed, or unreachable',
  DEGRADED: 'running with a fault (e.g. one path down)',
  STANDBY: 'ready, not carrying traffic (redundant path, standby of a pair)',
  MAINTENANCE: 'in maintenance, or being removed',
  UNKNOWN: 'state not reported',
};

export function parseColour(c: string): [number, number, number] {
  const s = c.trim();
  if (s.startsWith('#')) {
    const h = s.length === 4 ? [...s.slice(1)].map((x) => x + x).join('') : s.slice(1, 7);
    return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
  }
  const m = /rgba?\(([^)]+)\)/.exec(s);
  if (m) {
    const [r, g, b] = m[1]!.split(',').map((x) => parseFloat(x));
    return [r ?? 0, g ?? 0, b ?? 0];
  }
  return [128, 128, 128];
}

const hex = (n: number) =>
  Math.round(Math.max(0, Math.min(255, n)))
    .toString(16)
    .padStart(2, '0');

/** `a` over `b` at opacity `t`, as an opaque colour. */
export function blend(a: string, b: string, t: number): string {
  const x = parseColour(a);
  const y = parseColour(b);
  return `#${hex(x[0] * t + y[0] * (1 - t))}${hex(x[1] * t + y[1] * (1 - t))}${hex(x[2] * t + y[2] * (1 - t))}`;
}

export function makePalette(v: (name: string) => string, dark: boolean): Palette {
  const panel = v('--bg-panel');
  const state = Object.fromEntries(Object.entries(STATE_VAR).map(([s, name]) => [s, v(name)])) as Record<NodeState, string>;
  const tile = Object.fromEntries(Object.entries(state).map(([s, c]) => [s, blend(c, panel, dark ? 0.3 : 0.2)])) as Record<NodeState, string>;
  return {
    dark,
    bg: v('--bg'),
    raised: v('--bg-raised'),
    panel,
    hover: v('--bg-hover'),
    border: v('--border'),
    borderStrong: v('--border-strong'),
    text: v('--text'),
    dim: v('--text-dim'),
    faint: v('--text-faint'),
    accent: v('--accent'),
    state,
    tile,
  };
}

/** The palette of the theme in force (browser only). */
export function readPalette(): Palette {
  const cs = getComputedStyle(document.documentElement);
  const dark = (document.documentElement.dataset['theme'] ?? 'dark') !== 'light';
  return makePalette((name) => cs.getPropertyValue(name).trim() || '#888888', dark);
}
