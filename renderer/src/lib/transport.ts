// How the renderer reaches the core: Electron's preload (window.podium over IPC) or, in
// the browser shell, a WebSocket to the server that served this page. Both give the same
// raw interface; `api` is its typed form.
import { SocketClient, typed, type ConnectionState, type PodiumApi, type RawPodium, type SocketLike } from '../../../core/api/client';
import type { ApiError } from '../../../core/api/errors';

interface ElectronBridge extends RawPodium {
  shell: 'electron';
  onMenu(callback: (action: string) => void): () => void;
}

declare global {
  interface Window {
    podium?: (RawPodium & { shell: 'browser' }) | ElectronBridge;
  }
}

export type Shell = 'electron' | 'browser';

export interface CoreInfo {
  version: string;
  schemaVersion: number;
}

type StateListener = (state: ConnectionState, info: CoreInfo | null) => void;
const stateListeners = new Set<StateListener>();
let state: ConnectionState = 'connecting';
let coreInfo: CoreInfo | null = null;
let sessionLostHandler: ((e: ApiError) => void) | null = null;

function setState(s: ConnectionState, info?: CoreInfo) {
  state = s;
  if (info) coreInfo = info;
  stateListeners.forEach((l) => l(state, coreInfo));
}

export function onConnectionState(l: StateListener): () => void {
  stateListeners.add(l);
  l(state, coreInfo);
  return () => stateListeners.delete(l);
}

export function onSessionLost(h: (e: ApiError) => void): void {
  sessionLostHandler = h;
}

const TOKEN_KEY = 'podium.startToken';

/** The browser shell's per-start token: from ?token=… once, then kept for this tab only. */
export function startToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    // Keep the token out of the address bar (screens get shared on a NOC wall).
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

function connect(): { shell: Shell; raw: RawPodium; missingToken: boolean } {
  const bridge = window.podium;
  if (bridge && bridge.shell === 'electron') {
    setState('open');
    return { shell: 'electron', raw: bridge, missingToken: false };
  }
  const token = startToken();
  if (!token) {
    setState('closed');
    const none: RawPodium = {
      call: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'no start token' } }),
      subscribe: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'no start token' } }),
    };
    return { shell: 'browser', raw: none, missingToken: true };
  }
  const wsUrl = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  const client = new SocketClient({
    open: () => new WebSocket(wsUrl) as unknown as SocketLike,
    reconnect: true,
    callTimeoutMs: 60_000,
    onState: (s, info) => setState(s, info),
    onSessionLost: (e) => sessionLostHandler?.(e),
  });
  // The same object Electron's preload exposes, so scripts and tests see one interface.
  window.podium = { shell: 'browser', call: (n, i) => client.call(n, i), subscribe: (t, p, cb) => client.subscribe(t, p, cb) };
  return { shell: 'browser', raw: client, missingToken: false };
}

const connection = connect();
export const shell: Shell = connection.shell;
export const missingStartToken: boolean = connection.missingToken;
export const api: PodiumApi = typed(connection.raw);

/** Electron's application menu sends actions (palette, theme…) to the page. */
export function onMenuAction(cb: (action: string) => void): () => void {
  const b = window.podium;
  return b && b.shell === 'electron' ? b.onMenu(cb) : () => {};
}
