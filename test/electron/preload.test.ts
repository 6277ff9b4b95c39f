// The preload, run against a stand-in for Electron's renderer modules: it must expose
// exactly one object, window.podium, and use only the allow-listed channels.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { CHANNELS } from '../../electron/channels.js';

const PRELOAD = join(import.meta.dirname, '..', '..', 'dist', 'electron', 'preload.cjs');

function load() {
  const exposed: Record<string, Record<string, (...a: unknown[]) => unknown>> = {};
  const invoked: string[] = [];
  const listened: string[] = [];
  const handlers = new Map<string, (e: unknown, ...a: unknown[]) => void>();
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: Record<string, (...a: unknown[]) => unknown>) => (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push(channel);
        if (channel === CHANNELS.subscribe) return { ok: true, sub: 7 };
        return { ok: true, output: args };
      },
      on: (channel: string, h: (e: unknown, ...a: unknown[]) => void) => (listened.push(channel), handlers.set(channel, h)),
      off: () => {},
    },
  };
  const module = { exports: {} };
  runInNewContext(readFileSync(PRELOAD, 'utf8'), {
    require: (name: string) => {
      if (name !== 'electron') throw new Error(`the preload may not require ${name}`);
      return electron;
    },
    module,
    exports: module.exports,
  });
  return { exposed, invoked, listened, handlers };
}

describe('preload', () => {
  it('exposes exactly one object, podium, with call and subscribe', () => {
    const { exposed } = load();
    expect(Object.keys(exposed)).toEqual(['podium']);
    expect(Object.keys(exposed['podium']!).sort()).toEqual(['call', 'onMenu', 'shell', 'subscribe']);
  });

  it('uses only the allow-listed channels, and routes events to their subscriber', async () => {
    const { exposed, invoked, listened, handlers } = load();
    const podium = exposed['podium']!;
    await podium['call']!('system.info', {});
    const seen: unknown[] = [];
    const sub = (await podium['subscribe']!('audit.appended', {}, (e: unknown) => seen.push(e))) as { ok: boolean; unsubscribe: () => void };
    handlers.get(CHANNELS.event)!({}, 7, { id: 1 });
    handlers.get(CHANNELS.event)!({}, 8, { id: 2 }); // another subscription's event
    expect(seen).toEqual([{ id: 1 }]);
    sub.unsubscribe();
    podium['onMenu']!(() => {});
    const allowed = Object.values(CHANNELS) as string[];
    for (const c of [...invoked, ...listened]) expect(allowed).toContain(c);
    expect(invoked).toEqual([CHANNELS.call, CHANNELS.subscribe, CHANNELS.unsubscribe]);
  });
});
