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
// Clocks: the host and the page both stamp with performance.timeOrigin + now() (the
// same machine's clock; about ±1 ms).
import { chromium, type Page } from 'playwright-core';
import type { NodeState } from '../../core/topology/contract.js';
import { header, median, percentile } from './lib/common.js';
import { ADMIN_PASSWORD, startTopologyHost, type TopologyHost } from './lib/topology-host.js';

const SIZES = [500, 2000, 5000];
const FRAMES = 150;
const VIEWPORT = { width: 1360, height: 820 };
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

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

async function login(page: Page, th: TopologyHost) {
  await page.goto(th.served.url);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password', { exact: true }).fill(ADMIN_PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: /Topology/ }).waitFor();
}

async function openInfra(page: Page, th: TopologyHost) {
  await page.goto(`${th.served.baseUrl}/#/topology/infrastructure`);
  await page.waitForFunction(() => (window as unknown as { __podiumTopology?: { ready: boolean; view: string } }).__podiumTopology?.ready, null, {
    timeout: 60_000,
  });
  await page.evaluate(() => (window as unknown as { __podiumTopology: { fit(): void } }).__podiumTopology.fit());
  await page.waitForTimeout(300);
}

async function main() {
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
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
    const applied: number[] = [];
    const shown: number[] = [];
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
    for (let i = 0; i < runs; i++) {
      const v = vnfs[(i * 104729 + 13) % vnfs.length]!;
      const state: NodeState = v.state === 'ERROR' ? 'DEGRADED' : 'ERROR';
      await page.evaluate(
        ([id, s]) => {
          const w = window as unknown as { __wait?: Promise<number>; __podiumTopology: { whenShown(id: string, s: string): Promise<number> } };
          w.__wait = w.__podiumTopology.whenShown(id, s);
        },
        [`vnf:${v.id}`, state] as const,
      );
      const t0 = performance.timeOrigin + performance.now();
      th.source.setVnfState(v.id, state);
      const t1 = await page.evaluate(() => (window as unknown as { __wait: Promise<number> }).__wait);
      const ta = await page.evaluate(
        () => (window as unknown as { __podiumTopology: { stats(): { lastChangeAt: number } } }).__podiumTopology.stats().lastChangeAt,
      );
      shown.push(t1 - t0);
      applied.push(ta - t0);
      await new Promise((r) => setTimeout(r, 250));
    }
    if (timer) clearInterval(timer);
    return { applied: stat(applied), shown: stat(shown) };
  };
  const quiet = await measure(40, false);
  const busy = await measure(40, true);
  header('topology: state change in the core → new colour on screen (5,000 nodes, 40 changes each)');
  console.log('                                     delta applied in the page (baseline: transport)   new colour drawn');
  for (const [name, r] of [
    ['alone', quiet],
    ['with 100 other changes/s', busy],
  ] as const) {
    console.log(`${name.padEnd(36)} median ${f(r.applied.med)}  p95 ${f(r.applied.p95)}            median ${f(r.shown.med)}  p95 ${f(r.shown.p95)}`);
  }
  console.log('(deltas are batched: at most one per view every 150 ms; the first after a quiet spell goes at once)');
  await page.close();
  await th.close();
  await browser.close();
}

await main();
