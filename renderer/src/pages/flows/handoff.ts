// Opening the Flows page on a filter from elsewhere (the Exporters table, the topology's
// "Show this node's flows"): the filter waits in session storage for the page to take it.
import { navigate } from '../../app/router.js';

const KEY = 'podium.flows.filter';

export function openFlows(filter: string, go: (path: string) => void = navigate): void {
  sessionStorage.setItem(KEY, filter);
  go('/flows');
}

/** The filter handed over, taken once; null when none waits. */
export function takeHandedFilter(): string | null {
  const f = sessionStorage.getItem(KEY);
  if (f !== null) sessionStorage.removeItem(KEY);
  return f;
}
