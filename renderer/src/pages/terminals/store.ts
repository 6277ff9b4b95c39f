// The Terminals area's tabs: which sessions are shown, in which pane, which receive
// broadcast input. Kept outside React so a tab outlives a visit to another area, and in
// sessionStorage so a reload re-attaches every tab to its session.
import { useSyncExternalStore } from 'react';
import { navigate } from '../../app/router';

export interface Tab {
  key: string;
  profileId: string;
  /** Until the session opens: the profile's name. Then the session's title. */
  title: string;
  target: string;
  kind: string;
  sessionId: string | null;
  pane: 0 | 1;
  /** Why opening failed (the tab offers Retry). */
  error: string | null;
  /** Bumped by Retry: the view opens a new session. */
  attempt: number;
}

export interface TerminalsState {
  tabs: Tab[];
  active: [string | null, string | null];
  split: boolean;
  broadcast: boolean;
  /** Tabs that receive broadcast input. */
  selected: string[];
}

const KEY = 'podium.terminals';
let nextKey = 1;

function load(): TerminalsState {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (raw) {
      const s = JSON.parse(raw) as TerminalsState;
      nextKey = Math.max(0, ...s.tabs.map((t) => Number(t.key.replace(/\D/g, '')) || 0)) + 1;
      return s;
    }
  } catch {
    // a damaged entry: start empty
  }
  return { tabs: [], active: [null, null], split: false, broadcast: false, selected: [] };
}

let state: TerminalsState = load();
const listeners = new Set<() => void>();

function set(next: TerminalsState) {
  state = next;
  try {
    sessionStorage.setItem(KEY, JSON.stringify(state));
  } catch {
    // storage disabled: tabs last for this page only
  }
  listeners.forEach((l) => l());
}

export function useTerminals(): TerminalsState {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => state,
  );
}

function setActive(active: TerminalsState['active'], pane: 0 | 1, key: string | null): TerminalsState['active'] {
  return pane === 0 ? [key, active[1]] : [active[0], key];
}

export function openTab(profile: { id: string; name: string; target: string; kind: string }, pane?: 0 | 1): string {
  const key = `t${nextKey++}`;
  const p: 0 | 1 = pane ?? (state.split && state.active[1] && focusedPane === 1 ? 1 : 0);
  const tab: Tab = {
    key,
    profileId: profile.id,
    title: profile.name,
    target: profile.target,
    kind: profile.kind,
    sessionId: null,
    pane: p,
    error: null,
    attempt: 0,
  };
  set({ ...state, tabs: [...state.tabs, tab], active: setActive(state.active, p, key) });
  return key;
}

/** One click from a VNF or enforcer to its CLI: opens its console in the Terminals area. */
export function openConsoleTab(target: { targetId: string; name: string }): void {
  openTab({ id: `console:${target.targetId}`, name: target.name, target: target.name, kind: 'console' });
  navigate('/terminals');
}

export function updateTab(key: string, patch: Partial<Tab>): void {
  if (!state.tabs.some((t) => t.key === key)) return;
  set({ ...state, tabs: state.tabs.map((t) => (t.key === key ? { ...t, ...patch } : t)) });
}

export function retryTab(key: string): void {
  const t = state.tabs.find((x) => x.key === key);
  if (t) updateTab(key, { sessionId: null, error: null, attempt: t.attempt + 1 });
}

export function removeTab(key: string): void {
  const tab = state.tabs.find((t) => t.key === key);
  if (!tab) return;
  const tabs = state.tabs.filter((t) => t.key !== key);
  let active = state.active;
  if (active[tab.pane] === key) {
    const same = tabs.filter((t) => t.pane === tab.pane);
    active = setActive(active, tab.pane, same[same.length - 1]?.key ?? null);
  }
  const split = state.split && tabs.length > 0;
  set({ ...state, tabs, active, split, selected: state.selected.filter((k) => k !== key) });
}

export function activate(key: string): void {
  const tab = state.tabs.find((t) => t.key === key);
  if (tab) {
    focusedPane = tab.pane;
    set({ ...state, active: setActive(state.active, tab.pane, key) });
  }
}

let focusedPane: 0 | 1 = 0;
export function focusPane(p: 0 | 1): void {
  focusedPane = p;
}

/** Split: show two panes side by side, moving the active tab (or the last one) to the right. */
export function toggleSplit(): void {
  if (state.split) {
    set({ ...state, split: false, tabs: state.tabs.map((t) => ({ ...t, pane: 0 })), active: [state.active[0] ?? state.active[1], null] });
    return;
  }
  const left = state.tabs.filter((t) => t.pane === 0);
  const move = left.length > 1 ? (state.active[0] ?? left[left.length - 1]!.key) : null;
  const tabs = state.tabs.map((t) => (t.key === move ? { ...t, pane: 1 as const } : t));
  const remaining = tabs.filter((t) => t.pane === 0);
  set({ ...state, split: true, tabs, active: [move === state.active[0] ? (remaining[remaining.length - 1]?.key ?? null) : state.active[0], move] });
}

export function moveToOtherPane(key: string): void {
  const tab = state.tabs.find((t) => t.key === key);
  if (!tab) return;
  const to: 0 | 1 = tab.pane === 0 ? 1 : 0;
  const tabs = state.tabs.map((t) => (t.key === key ? { ...t, pane: to } : t));
  let active = setActive(state.active, to, key);
  if (state.active[tab.pane] === key) {
    const rest = tabs.filter((t) => t.pane === tab.pane);
    active = setActive(active, tab.pane, rest[rest.length - 1]?.key ?? null);
  }
  set({ ...state, split: true, tabs, active });
}

export function setBroadcast(on: boolean): void {
  set({ ...state, broadcast: on, selected: on && state.selected.length === 0 ? state.tabs.filter((t) => t.sessionId).map((t) => t.key) : state.selected });
}

export function toggleSelected(key: string): void {
  const has = state.selected.includes(key);
  set({ ...state, selected: has ? state.selected.filter((k) => k !== key) : [...state.selected, key] });
}

/** Sessions that receive input typed into `fromKey` (itself, or every selected tab when broadcasting). */
export function inputTargets(fromKey: string): string[] {
  const own = state.tabs.find((t) => t.key === fromKey)?.sessionId;
  if (!state.broadcast || !state.selected.includes(fromKey)) return own ? [own] : [];
  return state.tabs.filter((t) => state.selected.includes(t.key) && t.sessionId).map((t) => t.sessionId!);
}

// ---- view settings (localStorage) ----

export interface ViewSettings {
  fontSize: number;
  scrollback: number;
  /** The list of device consoles beside the terminals. */
  showConsoles: boolean;
}
const SETTINGS_KEY = 'podium.terminalSettings';
let settings: ViewSettings = (() => {
  try {
    const s = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null') as Partial<ViewSettings> | null;
    if (s && typeof s.fontSize === 'number' && typeof s.scrollback === 'number')
      return { fontSize: s.fontSize, scrollback: s.scrollback, showConsoles: typeof s.showConsoles === 'boolean' ? s.showConsoles : true };
  } catch {
    // default below
  }
  return { fontSize: 13, scrollback: 5000, showConsoles: true };
})();
const settingsListeners = new Set<() => void>();

export function useViewSettings(): ViewSettings {
  return useSyncExternalStore(
    (l) => {
      settingsListeners.add(l);
      return () => settingsListeners.delete(l);
    },
    () => settings,
  );
}

export function setViewSettings(patch: Partial<ViewSettings>): void {
  settings = { ...settings, ...patch, fontSize: Math.min(32, Math.max(8, patch.fontSize ?? settings.fontSize)) };
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
  } catch {
    // keep it for this page
  }
  settingsListeners.forEach((l) => l());
}

export const zoom = (d: number) => setViewSettings({ fontSize: d === 0 ? 13 : settings.fontSize + d });
