// What a user leaves a topology view as — zoom and position, collapsed groups, filters —
// kept per user and view in this browser's storage, and restored when they come back.
import type { Filters } from './scene';
import type { ViewTransform } from './view';

export interface SavedView {
  transform: ViewTransform | null;
  collapsed: string[];
  filters: Filters;
}

export const EMPTY_VIEW: SavedView = { transform: null, collapsed: [], filters: { states: [], tenant: '' } };

export function viewKey(userId: string, view: string, serviceId: string | null): string {
  return `podium.topology.v1.${userId}.${view}${serviceId ? `.${serviceId}` : ''}`;
}

export function loadView(key: string): SavedView {
  try {
    const raw = localStorage.getItem(key);
    if (!raw) return EMPTY_VIEW;
    const v = JSON.parse(raw) as Partial<SavedView>;
    const t = v.transform;
    return {
      transform: t && [t.k, t.x, t.y].every((n) => typeof n === 'number' && Number.isFinite(n)) && t.k > 0 ? t : null,
      collapsed: Array.isArray(v.collapsed) ? v.collapsed.filter((x): x is string => typeof x === 'string') : [],
      filters: {
        states: Array.isArray(v.filters?.states) ? v.filters.states.filter((x): x is string => typeof x === 'string') : [],
        tenant: typeof v.filters?.tenant === 'string' ? v.filters.tenant : '',
      },
    };
  } catch {
    return EMPTY_VIEW;
  }
}

export function saveView(key: string, v: SavedView): void {
  try {
    localStorage.setItem(key, JSON.stringify(v));
  } catch {
    // storage full or disabled: the view is kept for this page only
  }
}

export function forgetView(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing to forget
  }
}
