// The Electron shell's main process: it is the host (the core runs here), and it shows
// the renderer in a locked-down window that reaches the core only through the preload.
import { app, BrowserWindow, ipcMain, Menu, net, protocol, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createHost, type Host } from '../core/host/host.js';
import type { Connection } from '../core/host/connection.js';
import { CSP } from '../core/host/http-server.js';
import { defaultDataDir } from '../core/store/paths.js';
import { StoreError } from '../core/store/errors.js';
import { ROOT } from '../core/host/version.js';
import { hostOptionsFor } from '../core/host/lab-options.js';
import { CHANNELS } from './channels.js';
import { buildMenu } from './menu.js';
import { keepBounds, savedBounds } from './window-state.js';
import { utilityPtyHost } from './pty-host.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererDir = normalize(join(ROOT, 'dist', 'renderer'));
const SCHEME = 'podium';
const ORIGIN = `${SCHEME}://app`;

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

let win: BrowserWindow | null = null;
let host: Host | null = null;
const connections = new Map<number, Connection>();

function connectionFor(wc: WebContents): Connection {
  let c = connections.get(wc.id);
  if (!c && host) {
    c = host.connect('ipc');
    connections.set(wc.id, c);
    const drop = () => {
      connections.get(wc.id)?.close();
      connections.delete(wc.id);
    };
    wc.once('destroyed', drop);
    wc.once('did-start-navigation', drop);
  }
  if (!c) throw new Error('the core is not running');
  return c;
}

/** Only our own page may use the channels. */
function trusted(e: IpcMainInvokeEvent): boolean {
  return e.senderFrame?.url.startsWith(ORIGIN + '/') ?? false;
}

const refused = { ok: false, error: { code: 'FORBIDDEN', message: 'not the Podium page' } };

function registerIpc() {
  ipcMain.handle(CHANNELS.call, (e, name: unknown, input: unknown) => (trusted(e) ? connectionFor(e.sender).call(String(name), input) : refused));
  ipcMain.handle(CHANNELS.subscribe, (e, topic: unknown, params: unknown) => {
    if (!trusted(e)) return refused;
    const wc = e.sender;
    let sub = -1;
    const r = connectionFor(wc).subscribe(String(topic), params, (ev) => {
      if (!wc.isDestroyed()) wc.send(CHANNELS.event, sub, ev);
    });
    if (r.ok) sub = r.sub;
    return r;
  });
  ipcMain.handle(CHANNELS.unsubscribe, (e, sub: unknown) => {
    if (!trusted(e) || typeof sub !== 'number') return false;
    return connectionFor(e.sender).unsubscribe(sub);
  });
}

function serveRenderer() {
  protocol.handle(SCHEME, async (req) => {
    const url = new URL(req.url);
    const rel = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname).replace(/^\/+/, '');
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    const res = await net.fetch(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  });
}

function createWindow(version: string) {
  const { bounds, maximized } = savedBounds();
  win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    title: 'Podium',
    backgroundColor: '#0b1220',
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  keepBounds(win);
  if (maximized) win.maximize();
  win.once('ready-to-show', () => win?.show());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (e, url) => {
    if (!url.startsWith(ORIGIN + '/')) e.preventDefault();
  });
  win.on('closed', () => (win = null));
  Menu.setApplicationMenu(buildMenu(() => win, version));
  void win.loadURL(`${ORIGIN}/index.html`);
}

async function main() {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  await app.whenReady();
  const dataDir = argValue('--data') ?? defaultDataDir();
  try {
    // Terminals' pseudo-terminals live in a utility process, away from the window's process.
    host = await createHost({ dataDir, ...hostOptionsFor(!process.argv.includes('--no-lab')), terminals: { ptyHost: utilityPtyHost } });
  } catch (e) {
    const { dialog } = await import('electron');
    dialog.showErrorBox('Podium cannot start', e instanceof StoreError ? e.message : String(e));
    app.exit(2);
    return;
  }
  if (host.initialAdminPassword) {
    process.stdout.write(`First start — the initial admin password is: ${host.initialAdminPassword}\n(also in ${join(dataDir, 'initial-admin-password')})\n`);
  }
  serveRenderer();
  registerIpc();
  createWindow(host.version);
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', () => {
    for (const c of connections.values()) c.close();
    void host?.close();
  });
}

void main();
