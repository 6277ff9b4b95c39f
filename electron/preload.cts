// The preload: exposes exactly one object, window.podium, with call and subscribe over the
// allow-listed channels (kept in step with ./channels.ts; a sandboxed preload cannot
// import it). Nothing of Node or Electron reaches the page.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a sandboxed preload is CommonJS
import electron = require('electron');
const { contextBridge, ipcRenderer } = electron;

const CALL = 'podium:call';
const SUBSCRIBE = 'podium:subscribe';
const UNSUBSCRIBE = 'podium:unsubscribe';
const EVENT = 'podium:event';
const MENU = 'podium:menu';

type SubResult = { ok: true; sub: number } | { ok: false; error: { code: string; message: string } };

const listeners = new Map<number, (event: unknown) => void>();
ipcRenderer.on(EVENT, (_e, sub: number, event: unknown) => listeners.get(sub)?.(event));

contextBridge.exposeInMainWorld('podium', {
  shell: 'electron',
  call: (name: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(CALL, String(name), input),
  subscribe: async (topic: string, params: unknown, onEvent: (event: unknown) => void) => {
    const r = (await ipcRenderer.invoke(SUBSCRIBE, String(topic), params)) as SubResult;
    if (!r.ok) return r;
    listeners.set(r.sub, onEvent);
    return {
      ok: true,
      unsubscribe: () => {
        listeners.delete(r.sub);
        void ipcRenderer.invoke(UNSUBSCRIBE, r.sub);
      },
    };
  },
  onMenu: (callback: (action: string) => void) => {
    const h = (_e: unknown, action: unknown) => callback(String(action));
    ipcRenderer.on(MENU, h);
    return () => {
      ipcRenderer.off(MENU, h);
    };
  },
});
