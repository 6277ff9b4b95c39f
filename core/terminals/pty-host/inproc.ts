// The pty host inside the core's own process (the browser shell). Importing this module
// loads node-pty's native addon, so the core imports it only when it is used.
import { PtyEngine } from './engine.js';
import type { FromPtyHost, PtyHost } from './protocol.js';

export function inProcessPtyHost(): PtyHost {
  const listeners: ((m: FromPtyHost) => void)[] = [];
  // Deliver asynchronously, as a real channel would: callers never see re-entrant events.
  const engine = new PtyEngine((m) => queueMicrotask(() => listeners.forEach((l) => l(m))));
  return {
    where: 'inproc',
    send: (msg) => void engine.handle(msg),
    onMessage: (l) => void listeners.push(l),
    onCrash: () => {},
    shutdown: (graceMs) => engine.shutdown(graceMs),
  };
}
