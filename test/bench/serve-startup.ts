// Cold start of the browser shell: from spawning `podium serve` to /healthz answering, and
// to the login page rendered in Chromium — median of 5, on a new data directory (first
// start: migrations, the admin's password hash) and on an existing one (a restart).
// Baseline, measured in the same run: a bare Node HTTP server, spawned and polled alike.
import { spawn } from 'node:child_process';
import { launchChromium } from '../helpers/chromium.js';
import { header, median, ms, spawnServe, stop, tempData } from './lib/common.js';

const RUNS = 5;
async function until(url: string, deadline = 30_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() - t0 > deadline) throw new Error(`${url} did not answer in ${deadline} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function baseline(): Promise<number> {
  const port = 7400 + Math.floor(Math.random() * 500);
  const t0 = performance.now();
  const proc = spawn(process.execPath, ['-e', `require('http').createServer((q,s)=>s.end('ok')).listen(${port},'127.0.0.1')`], { stdio: 'ignore' });
  await until(`http://127.0.0.1:${port}/`);
  const t = performance.now() - t0;
  await stop(proc);
  return t;
}

async function main() {
  const browser = await launchChromium();
  const results: Record<string, { healthz: number[]; login: number[] }> = { 'first start': { healthz: [], login: [] }, restart: { healthz: [], login: [] } };
  const base: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = tempData();
    for (const kind of ['first start', 'restart'] as const) {
      const page = await browser.newPage();
      const t0 = performance.now();
      const s = spawnServe(dir);
      const url = await s.url;
      await until(url.replace(/\/\?token=.*/, '/healthz'));
      const tHealth = performance.now() - t0;
      await page.goto(url);
      await page.getByLabel('Username').waitFor();
      const tLogin = performance.now() - t0;
      results[kind]!.healthz.push(tHealth);
      results[kind]!.login.push(tLogin);
      await page.close();
      await stop(s.proc);
    }
    base.push(await baseline());
  }
  await browser.close();
  header(`podium serve cold start (median of ${RUNS})`);
  for (const [kind, r] of Object.entries(results)) {
    console.log(`${kind.padEnd(12)} /healthz OK: ${ms(median(r.healthz))}   login page rendered in Chromium: ${ms(median(r.login))}`);
  }
  console.log(`baseline     bare node http server, spawn → first 200: ${ms(median(base))}`);
}

await main();
