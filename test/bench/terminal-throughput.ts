// Terminal throughput: 50 MB of text from a program in a pty, through the contract over
// the WebSocket, into xterm.js in Chromium (the Terminals area of the browser shell) —
// MB/s, the longest main-thread stall (rAF gap and long tasks) while it streams, and
// memory before and after (the server's RSS, Chromium's JS heap).
// Baselines, measured in the same run:
//   pty only  — the same 50 MB read from a pty by node-pty, nothing else;
//   contract  — the same 50 MB through the same server and WebSocket to a Node client
//               that acknowledges at once and renders nothing;
//   xterm     — the same text written into a bare xterm.js (DOM renderer) on a blank page
//               of the same Chromium: no server, no network — what xterm itself can draw.
// BENCH_WEBGL=0 leaves out the run with WebGL forced (a minute in software WebGL).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import WebSocket from 'ws';
import type { Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import type * as NodePty from 'node-pty';
import { SocketClient, typed, type PodiumApi, type SocketLike } from '../../core/api/client.js';
import { header, spawnServe, stop, tempData, ROOT } from './lib/common.js';

const TOTAL = 50 * 1024 * 1024;
const LINE = 'Podium terminal throughput: the quick brown fox jumps over the lazy dog 0123456789';
// The marker is split in the command so that only the output contains it whole.
const GEN = `yes '${LINE}' | head -c ${TOTAL}; echo; echo BENCH-""DONE`;
const MARKER = 'BENCH-DONE';
const PASSWORD = 'Bench-Password-123';
const mb = (bytes: number) => bytes / (1024 * 1024);
const rate = (bytes: number, ms: number) => `${(mb(bytes) / (ms / 1000)).toFixed(1)} MB/s`;

function rssOf(pid: number): { rss: number; hwm: number } {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

async function ptyOnly(): Promise<{ bytes: number; ms: number }> {
  const pty = createRequire(import.meta.url)('node-pty') as typeof NodePty;
  const p = pty.spawn('/bin/sh', ['-c', GEN], { cols: 160, rows: 50, encoding: 'utf8' });
  let bytes = 0;
  let t0 = 0;
  p.onData((d) => {
    if (!t0) t0 = performance.now();
    bytes += Buffer.byteLength(d);
  });
  await new Promise<void>((r) => p.onExit(() => r()));
  return { bytes, ms: performance.now() - t0 };
}

async function login(url: URL, dataDir: string): Promise<{ api: PodiumApi; client: SocketClient }> {
  const client = new SocketClient({ open: () => new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`) as unknown as SocketLike });
  const api = typed(client);
  try {
    await api.call('auth.login', { username: 'admin', password: PASSWORD });
  } catch {
    const first = readFileSync(join(dataDir, 'initial-admin-password'), 'utf8').trim();
    await api.call('auth.login', { username: 'admin', password: first });
    await api.call('auth.changePassword', { currentPassword: first, newPassword: PASSWORD });
  }
  return { api, client };
}

async function contractOnly(api: PodiumApi, profileId: string): Promise<{ bytes: number; ms: number; events: number }> {
  const { session } = await api.call('terminals.open', { profileId, cols: 160, rows: 50 });
  let bytes = 0;
  let events = 0;
  let t0 = 0;
  let tail = '';
  const done = new Promise<number>((resolve) => {
    const stopSub = api.subscribe('terminals.output', { sessionId: session.id }, (e) => {
      if (!t0) t0 = performance.now();
      bytes += Buffer.byteLength(e.data);
      events++;
      void api.call('terminals.ack', { sessionId: session.id, upTo: e.end });
      tail = (tail + e.data).slice(-64);
      if (tail.includes(MARKER)) {
        stopSub();
        resolve(performance.now());
      }
    });
  });
  const t1 = await done;
  await api.call('terminals.close', { sessionId: session.id });
  return { bytes, ms: t1 - t0, events };
}

/** xterm.js alone on a blank page: the same lines written in 64 KiB chunks, each after the last one's callback. */
async function xtermOnly(page: Page): Promise<{ bytes: number; ms: number; maxGap: number }> {
  await page.goto('about:blank');
  await page.setContent('<div id="t" style="width:1100px;height:700px"></div>');
  await page.addStyleTag({ path: join(ROOT, 'node_modules/@xterm/xterm/css/xterm.css') });
  await page.addScriptTag({ path: join(ROOT, 'node_modules/@xterm/xterm/lib/xterm.js') });
  return (await page.evaluate(`new Promise((resolve) => {
    const term = new Terminal({ fontSize: 13, scrollback: 5000 });
    term.open(document.getElementById('t'));
    const line = ${JSON.stringify(LINE + '\r\n')};
    const chunk = line.repeat(Math.floor(65536 / line.length));
    const total = ${TOTAL};
    let sent = 0, maxGap = 0, last = 0, on = true;
    const frame = (t) => { if (last) maxGap = Math.max(maxGap, t - last); last = t; if (on) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
    const t0 = performance.now();
    const next = () => {
      if (sent >= total) { on = false; resolve({ bytes: sent, ms: performance.now() - t0, maxGap }); return; }
      sent += chunk.length;
      term.write(chunk, next);
    };
    next();
  })`)) as { bytes: number; ms: number; maxGap: number };
}

async function chromiumRun(page: Page, url: string, api: PodiumApi, profileName: string, serverPid: number) {
  await page.goto(url);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: /Terminals/ }).click();
  await page.getByRole('heading', { name: 'No terminal open' }).waitFor();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async (gc = true) => {
    if (gc) await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const m = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    return m.metrics.find((x) => x.name === 'JSHeapUsedSize')?.value ?? NaN;
  };
  const heapBefore = await heap();
  const rssBefore = rssOf(serverPid).rss;
  // Main-thread monitors: the longest gap between animation frames, and long tasks.
  await page.evaluate(`(() => {
    const m = { maxGap: 0, longMax: 0, longCount: 0, longTotal: 0, on: false, last: 0 };
    window.__bench = m;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) { if (!m.on) continue; m.longCount++; m.longTotal += e.duration; m.longMax = Math.max(m.longMax, e.duration); } }).observe({ entryTypes: ['longtask'] });
    const frame = (t) => { if (m.on && m.last) m.maxGap = Math.max(m.maxGap, t - m.last); m.last = t; requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  })()`);
  await page.getByRole('button', { name: 'New terminal' }).click();
  await page.getByRole('menuitem', { name: new RegExp(profileName) }).click();
  await page.evaluate('window.__bench.on = true');
  let heapPeak = 0;
  let lastHeap = 0;
  let t0 = 0;
  const started = performance.now();
  const text = (tail: number) =>
    page.evaluate(
      `(() => { const el = document.querySelector('[data-testid="terminal"] .term-box'); return el && el.podiumText ? el.podiumText(${tail}) : ''; })()`,
    ) as Promise<string>;
  for (;;) {
    if (performance.now() - started > 600_000) throw new Error('the terminal did not finish within 10 minutes');
    if (!t0) {
      const s = (await api.call('terminals.list', {})).sessions[0];
      if (s && s.bytesOut > 0) t0 = performance.now();
    }
    if ((await text(4)).includes(MARKER)) break;
    // Sampled once a second: reading metrics costs the page time too.
    if (performance.now() - lastHeap > 1000) {
      lastHeap = performance.now();
      heapPeak = Math.max(heapPeak, await heap(false));
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const t1 = performance.now();
  const m = (await page.evaluate('(() => { window.__bench.on = false; return window.__bench; })()')) as {
    maxGap: number;
    longMax: number;
    longCount: number;
    longTotal: number;
  };
  const renderer = await page.locator('[data-testid="terminal"]').first().getAttribute('data-renderer');
  const s = (await api.call('terminals.list', {})).sessions[0]!;
  await api.call('terminals.close', { sessionId: s.id });
  await new Promise((r) => setTimeout(r, 500));
  return {
    bytes: s.bytesOut,
    ms: t1 - t0,
    renderer,
    ...m,
    heapBefore,
    heapAfter: await heap(),
    heapPeak,
    rssBefore,
    rssAfter: rssOf(serverPid).rss,
    rssPeak: rssOf(serverPid).hwm,
  };
}

async function main() {
  header(`terminal throughput: ${mb(TOTAL)} MB of text from a pty to xterm.js`);
  // The machine is shared: the fastest of three is the pty's own speed.
  const runs = [await ptyOnly(), await ptyOnly(), await ptyOnly()].sort((a, b) => a.ms - b.ms);
  const base = runs[0]!;
  console.log(
    `baseline: pty only (node-pty, nothing else)   ${rate(base.bytes, base.ms)}  (best of 3: ${runs.map((r) => (r.ms / 1000).toFixed(2)).join(' / ')} s)`,
  );

  const dir = tempData();
  const s = spawnServe(dir);
  const url = new URL(await s.url);
  const serverPid = s.proc.pid!;
  const { api, client } = await login(url, dir);
  const { profile } = await api.call('terminals.profiles.create', {
    kind: 'local',
    name: 'Throughput 50 MB',
    shell: '/bin/sh',
    args: ['-c', `sleep 1; ${GEN}; sleep 600`],
  });
  const ws = await contractOnly(api, profile.id);
  console.log(
    `baseline: contract over WebSocket, no render  ${rate(ws.bytes, ws.ms)}  (${(ws.ms / 1000).toFixed(2)} s, ${ws.events} events, ${Math.round(ws.bytes / ws.events / 1024)} KiB per event)`,
  );

  const browser = await launchChromium();
  try {
    const bare = await browser.newPage({ viewport: { width: 1360, height: 820 } });
    const x = await xtermOnly(bare);
    console.log(
      `baseline: bare xterm.js in Chromium (DOM)     ${rate(x.bytes, x.ms)}  (${(x.ms / 1000).toFixed(2)} s, longest gap between frames ${x.maxGap.toFixed(0)} ms)`,
    );
    await bare.close();
    // As the Terminals area chooses (here: no GPU, so the DOM renderer), then WebGL forced
    // (software WebGL in this headless Chromium) to show why it is not chosen here.
    for (const forced of process.env['BENCH_WEBGL'] === '0' ? [null] : ([null, 'webgl'] as const)) {
      const ctx = await browser.newContext({ viewport: { width: 1360, height: 820 } });
      if (forced) await ctx.addInitScript(`localStorage.setItem('podium.terminalRenderer', '${forced}')`);
      const page = await ctx.newPage();
      const r = await chromiumRun(page, url.toString(), api, profile.name, serverPid);
      const label = `xterm.js in Chromium, ${r.renderer} renderer${forced ? ' (forced)' : ''}`;
      console.log(`${label.padEnd(46)} ${rate(r.bytes, r.ms)}  (${(r.ms / 1000).toFixed(2)} s)`);
      console.log(
        `  longest main-thread stall: ${r.maxGap.toFixed(0)} ms between frames; long tasks: ${r.longCount}, longest ${r.longMax.toFixed(0)} ms, ${r.longTotal.toFixed(0)} ms in all`,
      );
      console.log(
        `  Chromium JS heap: ${mb(r.heapBefore).toFixed(1)} MB before, ${mb(r.heapPeak).toFixed(1)} MB at most while streaming, ${mb(r.heapAfter).toFixed(1)} MB after (GC'd)`,
      );
      console.log(
        `  server RSS: ${mb(r.rssBefore).toFixed(0)} MB before, ${mb(r.rssAfter).toFixed(0)} MB after; peak of the process so far ${mb(r.rssPeak).toFixed(0)} MB`,
      );
      await ctx.close();
    }
  } finally {
    await browser.close();
    client.close();
    await stop(s.proc);
  }
}

await main();
