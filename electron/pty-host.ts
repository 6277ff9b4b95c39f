// Terminals in the desktop app: the pty host runs in an Electron utility process, so a
// native crash in node-pty (or a runaway terminal) cannot take the window down. It speaks
// the same protocol as the forked pty host that the tests run in plain Node
// (core/terminals/pty-host/protocol.ts), through `process.parentPort` on its side.
import { utilityProcess } from 'electron';
import { channelPtyHost } from '../core/terminals/pty-host/out-of-process.js';
import { PTY_HOST_MAIN } from '../core/terminals/programs.js';
import type { PtyHost } from '../core/terminals/pty-host/protocol.js';

export function utilityPtyHost(): PtyHost {
  const child = utilityProcess.fork(PTY_HOST_MAIN, [], { serviceName: 'Podium terminals', stdio: 'inherit' });
  return channelPtyHost({
    get pid() {
      return child.pid;
    },
    post: (msg) => child.postMessage(msg),
    onMessage: (listener) => void child.on('message', listener),
    onExit: (listener) => void child.once('exit', (code) => listener(code, null)),
    kill: () => void child.kill(),
  });
}
