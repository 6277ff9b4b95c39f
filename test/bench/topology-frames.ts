/// <reference lib="dom" />
// Topology canvas in Chromium (headless, --disable-gpu: canvas 2D rasterised in software):
//  1. frame times while panning and while zooming the infrastructure view of 500, 2,000
//     and 5,000 generated nodes — median and p95 of the intervals between animation
//     frames, and of the time spent drawing each frame; baseline, same run: the same
//     graph (same shapes and labels, exported by the view itself) as a plain SVG document,
//     panned and zoomed by its root group's transform, as an SVG/d3-zoom view would.
//  2. time from a state change in the core (published by the source on the host's bus)
//     to the first frame that draws the node's new colour, median and p95 — alone, and
//     with 100 other changes a second; with the time the delta reached the page.
//  3. the same on the product's path: the embedded lab fails (and repairs) a VNF with
//     `lab.failVnf` — its VIM reports the VM in ERROR, the orchestrator's health follows,
//     its change feed → the topology's orchestrator source → the engine → WebSocket →
//     canvas; baseline, same run: a generated inventory of the lab's size, changed directly.
//     `--lab-only` measures only this part.
// Clocks: the host and the page both stamp with performance.timeOrigin + now() (the
// same machine's clock; about ±1 ms).
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import type { NodeState } from '../../core/topology/contract.js';
import { header, median, percentile } from './lib/common.js';
import { ADMIN_PASSWORD, startLabTopologyHost, startTopologyHost, type TopologyHost } from './lib/topology-host.js';
import type { Served } from '../../core/host/http-server.js';
import type { Host } from '../../core/host/host.js';

const SIZES = [500, 2000, 5000];
const FRAMES = 150;
const VIEWPORT = { width: 1360, height: 820 };
const f = (x: number) => `${x.toFixed(1).padStart(6)} ms`;
const stat = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { med: median(s), p95: percentile(s, 95) };
};

interface Motion {
  rafMs: number[];
  drawMs: number[];
}

/** Drive a pan or a zoom for FRAMES animation frames in the page; `apply` moves the view. */
async function drive(
  page: Page,
  kind: 'pan' | 'zoom',
  target: 'canvas' | 'svg',
  base: { k: number; x: number; y: number; w: number; h: number },
): Promise<Motion> {
  return page.evaluate(
    ({ kind, target, base, frames }) =>
      new Promise<Motion>((resolve) => {
        const probe = (
          window as unknown as { __podiumTopology?: { setTransform(t: { k: number; x: number; y: number }): void; stats(): { drawMs: number[] } } }
        ).__podiumTopology;
        const root = document.getElementById('root-g');
        const drawBefore = probe ? probe.stats().drawMs.length : 0;
        const apply = (t: { k: number; x: number; y: number }) => {
          if (target === 'canvas') probe!.setTransform(t);
          else root!.setAttribute('transform', `translate(${t.x},${t.y}) scale(${t.k})`);
        };
        const stamps: number[] = [];
        let i = 0;
        const step = (now: number) => {
          stamps.push(now);
          if (i++ >= frames) {
            const raf = stamps.slice(1).map((t, j) => t - stamps[j]!);
            const drawMs = probe && target === 'canvas' ? probe.stats().drawMs.slice(drawBefore) : [];
            return resolve({ rafMs: raf.slice(2), drawMs });
          }
          const phase = i / frames;
          if (kind === 'pan') {
            // Across the view and back.
            const dx = Math.sin(phase * Math.PI * 2) * base.w * 0.6;
            const dy = Math.cos(phase * Math.PI * 2) * base.h * 0.3;
            apply({ k: base.k, x: base.x + dx, y: base.y + dy });
          } else {
            // From the whole view to 6× closer on its centre and back out.
            const k = base.k * Math.exp(Math.sin(phase * Math.PI) * Math.log(6));
            const cx = base.w / 2;
            const cy = base.h / 2;
            apply({ k, x: cx - ((cx - base.x) / base.k) * k, y: cy - ((cy - base.y) / base.k) * k });
          }
          requestAnimationFrame(step);
        };
        requestAnimationFrame(step);
      }),
    { kind, target, base, frames: FRAMES },
  );
}

async function login(page: Page, th: { served: Served }) {
  await page.goto(th.served.url);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: /Topology/ }).waitFor();
}

async function openInfra(page: Page, th: { served: Served }) {
  await page.goto(`${th.served.baseUrl}/#/topology/infrastructure`);
  await page.waitForFunction(() => (window as unknown as { __podiumTopology?: { ready: boolean; view: string } }).__podiumTopology?.ready, null, {
    timeout: 60_000,
  });
  await page.evaluate(() => (window as unknown as { __podiumTopology: { fit(): void } }).__podiumTopology.fit());
  await page.waitForTimeout(300);
}

const now = () => performance.timeOrigin + performance.now();

interface Latency {
  published: ReturnType<typeof stat>;
  applied: ReturnType<typeof stat>;
  shown: ReturnType<typeof stat>;
}

/**
 * `runs` state changes, one every 250 ms: each `fire()` makes the change in the core; the
 * times are from just before it to the core publishing the delta (the host's bus), to the
 * page applying it, and to the first frame that draws the node in its new state.
 */
async function latency(page: Page, host: Host, runs: number, next: (i: number) => { id: string; state: NodeState; fire(): unknown }): Promise<Latency> {
  const published: number[] = [];
  const applied: number[] = [];
  const shown: number[] = [];
  let watching: { id: string; state: NodeState; at: number | null } | null = null;
  const stop = host.bus.listen('topology.changed', (e) => {
    const d = e as { view: string; changes: { op: string; patch?: { id: string; state?: string }; node?: { id: string; state: string } }[] };
    const w = watching;
    if (!w || w.at !== null || d.view !== 'infrastructure') return;
    if (d.changes.some((c) => (c.patch?.id === w.id && c.patch.state === w.state) || (c.node?.id === w.id && c.node.state === w.state))) w.at = now();
  });
  for (let i = 0; i < runs; i++) {
    const n = next(i);
    await page.evaluate(
      ([id, s]) => {
        const w = window as unknown as { __wait?: Promise<number>; __podiumTopology: { whenShown(id: string, s: string): Promise<number> } };
        w.__wait = w.__podiumTopology.whenShown(id, s);
      },
      [n.id, n.state] as const,
    );
    watching = { id: n.id, state: n.state, at: null };
    const t0 = now();
    await n.fire();
    const t1 = await page.evaluate(() => (window as unknown as { __wait: Promise<number> }).__wait);
    const ta = await page.evaluate(
      () => (window as unknown as { __podiumTopology: { stats(): { lastChangeAt: number } } }).__podiumTopology.stats().lastChangeAt,
    );
    if (watching.at !== null) published.push(watching.at - t0);
    shown.push(t1 - t0);
    applied.push(ta - t0);
    await new Promise((r) => setTimeout(r, 250));
  }
  stop();
  return { published: stat(published), applied: stat(applied), shown: stat(shown) };
}

const row = (name: string, r: Latency) =>
  console.log(
    `${name.padEnd(44)} ${f(r.published.med)} ${f(r.published.p95)}    ${f(r.applied.med)} ${f(r.applied.p95)}    ${f(r.shown.med)} ${f(r.shown.p95)}`,
  );
const latencyHeader = () =>
  console.log(
    `${''.padEnd(44)} published by the core   applied in the page     new colour drawn\n${''.padEnd(44)}  median       p95         median      p95         median      p95`,
  );

/** The product's path: the lab fails and repairs VNFs; baseline: a generated inventory of the lab's size. */
async function labLatency(browser: Browser) {
  const RUNS = 40;
  const lab = await startLabTopologyHost({ bootMs: 0 });
  // The lab's services reach the states it seeds them in.
  for (const t0 = Date.now(); ;) {
    const list = (await lab.api.call('services.list', {})).services;
    if (list.find((s) => s.name === 'Initech offices')?.activePath === 'secondary' && list.some((s) => s.name === 'Acme secure web' && s.state === 'ACTIVE'))
      break;
    if (Date.now() - t0 > 60_000) throw new Error('the lab did not reach its states');
    await new Promise((r) => setTimeout(r, 100));
  }
  const page = await browser.newPage({ viewport: VIEWPORT });
  await login(page, lab);
  await openInfra(page, lab);
  const snapNow = await lab.api.call('topology.infrastructure', {});
  const vnfs = snapNow.nodes.filter((n) => n.kind === 'vnf' && n.state === 'ACTIVE');
  // Each VNF in turn fails, then (next run) is repaired: 20 of each.
  const real = await latency(page, lab.host, RUNS, (i) => {
    const v = vnfs[Math.floor(i / 2) % vnfs.length]!;
    const fail = i % 2 === 0;
    return {
      id: v.id,
      state: fail ? 'ERROR' : 'ACTIVE',
      fire: () => (fail ? lab.api.call('lab.failVnf', { vnfId: v.ref, reason: 'benchmark' }) : lab.api.call('lab.repairVnf', { vnfId: v.ref })),
    };
  });
  const nodes = snapNow.nodes.length;
  await page.close();
  await lab.close();

  const gen = await startTopologyHost({ nodes, seed: 1 });
  const gpage = await browser.newPage({ viewport: VIEWPORT });
  await login(gpage, gen);
  await openInfra(gpage, gen);
  const gvnfs = gen.source.infra.vnfs.filter((v) => v.type !== 'platform');
  const base = await latency(gpage, gen.host, RUNS, (i) => {
    const v = gvnfs[Math.floor(i / 2) % gvnfs.length]!;
    const state: NodeState = i % 2 === 0 ? 'ERROR' : 'ACTIVE';
    return { id: `vnf:${v.id}`, state, fire: () => gen.source.setVnfState(v.id, state) };
  });
  await gpage.close();
  await gen.close();

  header(`topology on the lab: lab.failVnf / lab.repairVnf → orchestrator → topology engine → WebSocket → canvas (${nodes} nodes, ${RUNS} changes each)`);
  latencyHeader();
  row('the lab (real path)', real);
  row(`baseline: generated inventory, ${gen.source.nodeCount} nodes`, base);
  console.log('(t0 just before the command runs in the host; "published" = the delta on the host\'s bus; the page and the host share one clock, ±1 ms)');
}

async function main() {
  if (process.argv.includes('--lab-only')) {
    const browser = await launchChromium();
    header(`topology frames — Chromium ${browser.version()}, headless, --disable-gpu (state-change latency on the lab only)`);
    await labLatency(browser);
    await browser.close();
    return;
  }
  const browser = await launchChromium();
  const gl = await (async () => {
    const p = await browser.newPage();
    const r = await p.evaluate(() => {
      const c = document.createElement('canvas').getContext('webgl');
      if (!c) return 'no WebGL';
      const ext = c.getExtension('WEBGL_debug_renderer_info');
      return ext ? String(c.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : String(c.getParameter(c.RENDERER));
    });
    await p.close();
    return r;
  })();
  const version = browser.version();
  header(`topology frames — Chromium ${version}, headless, --disable-gpu; renderer: canvas 2D (software raster); WebGL here would be: ${gl}`);
  console.log(
    `${FRAMES} animation frames per motion, viewport ${VIEWPORT.width}×${VIEWPORT.height}; frame = interval between requestAnimationFrame callbacks; draw = time in the canvas draw call`,
  );
  console.log('nodes   motion  view            frame median   frame p95   draw median   draw p95');
  let latencyHost: TopologyHost | null = null;
  let latencyPage: Page | null = null;
  for (const n of SIZES) {
    const th = await startTopologyHost({ nodes: n, seed: 1 });
    const page = await browser.newPage({ viewport: VIEWPORT });
    await login(page, th);
    await openInfra(page, th);
    const geom = await page.evaluate(() => {
      const p = (window as unknown as { __podiumTopology: { transform(): { k: number; x: number; y: number } } }).__podiumTopology;
      const c = document.querySelector('canvas.topo-canvas')!.getBoundingClientRect();
      return { ...p.transform(), w: c.width, h: c.height };
    });
    const results: Record<string, Motion> = {};
    for (const kind of ['pan', 'zoom'] as const) {
      await page.evaluate((t) => (window as unknown as { __podiumTopology: { setTransform(t: unknown): void } }).__podiumTopology.setTransform(t), {
        k: geom.k,
        x: geom.x,
        y: geom.y,
      });
      results[`${kind}:canvas`] = await drive(page, kind, 'canvas', geom);
    }
    // Baseline: the same graph with every label, as one SVG document.
    const svg = await page.evaluate(() =>
      (window as unknown as { __podiumTopology: { svg(whole: boolean, detail: number): string } }).__podiumTopology.svg(true, 1),
    );
    const elements = (svg.match(/<(rect|text|path|circle) /g) ?? []).length;
    const base = await browser.newPage({ viewport: VIEWPORT });
    await base.setContent('<!doctype html><html><body style="margin:0;overflow:hidden;background:#0a101c"></body></html>');
    await base.evaluate(
      ({ svg, w, h }) => {
        const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
        const src = doc.documentElement;
        const out = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        out.setAttribute('width', String(w));
        out.setAttribute('height', String(h));
        out.setAttribute('font-family', src.getAttribute('font-family') ?? 'sans-serif');
        const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
        g.id = 'root-g';
        for (const child of Array.from(src.children)) if (child.tagName !== 'title') g.appendChild(document.importNode(child, true));
        out.appendChild(g);
        document.body.appendChild(out);
      },
      { svg, w: geom.w, h: geom.h },
    );
    await base.waitForTimeout(300);
    for (const kind of ['pan', 'zoom'] as const) results[`${kind}:svg`] = await drive(base, kind, 'svg', geom);
    await base.close();
    for (const kind of ['pan', 'zoom']) {
      for (const target of ['canvas', 'svg']) {
        const r = results[`${kind}:${target}`]!;
        const fr = stat(r.rafMs);
        const dr = r.drawMs.length ? stat(r.drawMs) : null;
        const label = target === 'canvas' ? 'canvas (ours)' : `SVG baseline (${elements.toLocaleString('en-US')} elements)`;
        console.log(
          `${String(n).padStart(5)}   ${kind.padEnd(6)}  ${label.padEnd(34)} ${f(fr.med)}   ${f(fr.p95)}   ${dr ? f(dr.med) : '      —'}   ${dr ? f(dr.p95) : '     —'}   (${(1000 / fr.med).toFixed(0)} fps median)`,
        );
      }
    }
    if (n === 5000) {
      latencyHost = th;
      latencyPage = page;
    } else {
      await page.close();
      await th.close();
    }
  }

  // State change in the core → new colour on screen (5,000 nodes, whole view visible).
  const th = latencyHost!;
  const page = latencyPage!;
  await openInfra(page, th);
  const vnfs = th.source.infra.vnfs.filter((v) => v.type !== 'platform');
  const measure = async (runs: number, churn: boolean) => {
    let timer: ReturnType<typeof setInterval> | null = null;
    let c = 0;
    if (churn) {
      timer = setInterval(() => {
        for (let i = 0; i < 10; i++) {
          const v = vnfs[(c++ * 7919) % vnfs.length]!;
          th.source.setVnfState(v.id, c % 2 ? 'BUILD' : 'ACTIVE');
        }
      }, 100);
    }
    const r = await latency(page, th.host, runs, (i) => {
      const v = vnfs[(i * 104729 + 13) % vnfs.length]!;
      const state: NodeState = v.state === 'ERROR' ? 'DEGRADED' : 'ERROR';
      return { id: `vnf:${v.id}`, state, fire: () => th.source.setVnfState(v.id, state) };
    });
    if (timer) clearInterval(timer);
    return r;
  };
  const quiet = await measure(40, false);
  const busy = await measure(40, true);
  header('topology: state change in the core → new colour on screen (5,000 generated nodes, 40 changes each)');
  latencyHeader();
  row('alone', quiet);
  row('with 100 other changes/s', busy);
  console.log('(deltas are batched: at most one per view every 150 ms; the first after a quiet spell goes at once)');
  await page.close();
  await th.close();
  await labLatency(browser);
  await browser.close();
}

await main();
