// What the topology e2e tests read from a page: the canvas's probe
// (window.__podiumTopology, renderer/src/topology/probe.ts) and the canvas's own pixels.
import type { Page } from 'playwright-core';
import type { NodeState } from '../../core/topology/contract.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const near = (a: number[], b: number[], tol = 10) => a.every((v, i) => Math.abs(v - b[i]!) <= tol);

/** `page` is read at each call (tests make their page in beforeAll). */
export function topologyOn(page: () => Page) {
  const probe = <T>(fn: string) => page().evaluate(`(() => { const p = window.__podiumTopology; return ${fn}; })()`) as Promise<T>;

  async function ready(view: string, serviceId: string | null = null) {
    await page().waitForFunction(
      ([v, s]) => {
        const p = window.__podiumTopology;
        return !!p && p.ready && p.view === v && (s === null || p.serviceId === s);
      },
      [view, serviceId] as const,
      { timeout: 30_000 },
    );
  }

  /** The canvas pixel (RGB) at a page position. */
  async function pixel(x: number, y: number): Promise<[number, number, number]> {
    return page().evaluate(
      ([px, py]) => {
        const c = document.querySelector<HTMLCanvasElement>('canvas.topo-canvas')!;
        const r = c.getBoundingClientRect();
        const dpr = c.width / r.width;
        const d = c.getContext('2d')!.getImageData(Math.round((px - r.left) * dpr), Math.round((py - r.top) * dpr), 1, 1).data;
        return [d[0]!, d[1]!, d[2]!] as [number, number, number];
      },
      [x, y] as const,
    );
  }

  const box = (id: string) => probe<Box | null>(`p.screenBox(${JSON.stringify(id)})`);

  /** Is the node's tile painted in the colour of this state (read from the canvas)? */
  async function tileColourIs(id: string, state: NodeState): Promise<boolean> {
    const b = await box(id);
    if (!b) return false;
    // Inside the tile, right of its state stripe and above its label.
    const got = await pixel(b.x + Math.min(7, b.w / 3), b.y + Math.max(2, Math.min(4, b.h / 5)));
    const want = await probe<[number, number, number]>(`p.tileColour(${JSON.stringify(state)})`);
    return near(got, want);
  }

  return { probe, ready, pixel, box, tileColourIs };
}
