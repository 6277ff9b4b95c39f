// The canvas of a topology view: pan and zoom (d3-zoom), drawing on demand (one frame
// per change, animation frames only while something moves or pulses), hover and pick
// through the hit index, box selection, and the numbers a test or benchmark reads.
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import type { TopoGraph } from '../../../core/topology/model.js';
import type { NodeState } from '../../../core/topology/contract.js';
import type { Box, Layout } from './layout.js';
import { FLASH_MS, paint, type PaintInput } from './paint.js';
import { readPalette, parseColour, type Palette } from './palette.js';
import { HitIndex, type Filters } from './scene.js';
import { CanvasSink, SvgSink, font } from './sinks.js';

export interface ViewTransform {
  k: number;
  x: number;
  y: number;
}

export interface ViewCallbacks {
  onPick(id: string | null, how: { additive: boolean; toggle: boolean }): void;
  onBoxSelect(ids: string[], additive: boolean): void;
  onOpen(id: string): void;
  onContextMenu(id: string | null, x: number, y: number): void;
  onHover(id: string | null): void;
  onTransform(t: ViewTransform): void;
}

const MOVE_MS = 280;

export class TopologyView {
  readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly sink: CanvasSink;
  private readonly zoomer: ZoomBehavior<HTMLCanvasElement, unknown>;
  private palette: Palette = readPalette();
  private graph: TopoGraph | null = null;
  private layout: Layout | null = null;
  private hit: HitIndex | null = null;
  private view: 'infrastructure' | 'service' = 'infrastructure';
  private t: ZoomTransform = zoomIdentity;
  private width = 0;
  private height = 0;
  private dpr = 1;
  private frame = 0;
  private readonly flashes = new Map<string, number>();
  private moves = new Map<string, { from: Box; start: number }>();
  private boxSel: { x0: number; y0: number; x1: number; y1: number; additive: boolean } | null = null;
  private glide: number | null = null;
  private readonly themeObserver: MutationObserver;
  private readonly resizeObserver: ResizeObserver;
  selection: ReadonlySet<string> = new Set();
  hover: string | null = null;
  focus: string | null = null;
  found: string | null = null;
  chain: ReadonlySet<string> = new Set();
  filters: Filters = { states: [], tenant: '' };
  /** Frame statistics (benchmarks, tests). */
  readonly stats = { frames: 0, lastDrawMs: 0, drawn: 0, drawMs: [] as number[], lastFrameAt: 0, lastChangeAt: 0 };
  /** Called after each drawn frame with the ids whose state is now on screen. */
  private readonly shownStates = new Map<string, NodeState>();
  private readonly waiters: { id: string; state: NodeState; resolve: (t: number) => void }[] = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly cb: ViewCallbacks,
  ) {
    this.canvas = document.createElement('canvas');
    this.canvas.className = 'topo-canvas';
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('role', 'application');
    this.canvas.setAttribute('aria-roledescription', 'topology');
    host.appendChild(this.canvas);
    const ctx = this.canvas.getContext('2d', { alpha: false });
    if (!ctx) throw new Error('no 2D canvas');
    this.ctx = ctx;
    this.sink = new CanvasSink(ctx);
    this.zoomer = zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([0.01, 6])
      // Shift-drag draws a selection box instead of panning; right button opens the menu.
      .filter((e: MouseEvent | WheelEvent) => (e.type === 'wheel' ? true : !e.shiftKey && !e.button && !e.ctrlKey))
      .clickDistance(4)
      .on('zoom', (e: { transform: ZoomTransform }) => {
        this.t = e.transform;
        this.request();
        this.cb.onTransform({ k: this.t.k, x: this.t.x, y: this.t.y });
      });
    select(this.canvas).call(this.zoomer).on('dblclick.zoom', null);
    this.bindPointer();
    this.themeObserver = new MutationObserver(() => {
      this.palette = readPalette();
      this.request();
    });
    this.themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
    this.resizeObserver = new ResizeObserver(() => this.resize());
    this.resizeObserver.observe(host);
    this.resize();
  }

  destroy(): void {
    cancelAnimationFrame(this.frame);
    if (this.glide) cancelAnimationFrame(this.glide);
    this.themeObserver.disconnect();
    this.resizeObserver.disconnect();
    select(this.canvas).on('.zoom', null);
    this.canvas.remove();
  }

  private resize() {
    const r = this.host.getBoundingClientRect();
    this.dpr = window.devicePixelRatio || 1;
    this.width = Math.max(1, Math.round(r.width));
    this.height = Math.max(1, Math.round(r.height));
    this.canvas.width = Math.round(this.width * this.dpr);
    this.canvas.height = Math.round(this.height * this.dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.sink.reset();
    this.request();
  }

  get size(): { width: number; height: number } {
    return { width: this.width, height: this.height };
  }

  get transform(): ViewTransform {
    return { k: this.t.k, x: this.t.x, y: this.t.y };
  }

  get currentLayout(): Layout | null {
    return this.layout;
  }

  /** A new graph or layout. Nodes that moved glide to their new place; nothing else moves. */
  setScene(graph: TopoGraph, layout: Layout, view: 'infrastructure' | 'service'): void {
    const old = this.layout;
    const now = performance.now();
    if (old && old !== layout && this.graph === graph) {
      const moves = new Map<string, { from: Box; start: number }>();
      for (const [id, b] of layout.boxes) {
        const a = this.boxAt(id, now) ?? old.boxes.get(id);
        if (a && (a.x !== b.x || a.y !== b.y || a.w !== b.w || a.h !== b.h)) moves.set(id, { from: { ...a }, start: now });
      }
      this.moves = moves;
    } else this.moves.clear();
    this.graph = graph;
    this.layout = layout;
    this.view = view;
    this.hit = new HitIndex(layout);
    this.request();
  }

  /** Nodes whose state changed: they pulse briefly, in place. */
  changed(ids: Iterable<string>): void {
    const now = performance.now();
    this.stats.lastChangeAt = performance.timeOrigin + now;
    for (const id of ids) this.flashes.set(id, now);
    this.request();
  }

  request(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private boxAt(id: string, now: number): Box | undefined {
    const b = this.layout?.boxes.get(id);
    const m = this.moves.get(id);
    if (!b || !m) return b;
    const t = Math.min(1, (now - m.start) / MOVE_MS);
    if (t >= 1) return b;
    const e = 1 - (1 - t) * (1 - t);
    const lerp = (a: number, z: number) => a + (z - a) * e;
    return { ...b, x: lerp(m.from.x, b.x), y: lerp(m.from.y, b.y), w: lerp(m.from.w, b.w), h: lerp(m.from.h, b.h) };
  }

  private draw(): void {
    this.frame = 0;
    const t0 = performance.now();
    const ctx = this.ctx;
    const p = this.palette;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.fillStyle = p.bg;
    ctx.fillRect(0, 0, this.canvas.width, this.canvas.height);
    this.sink.reset();
    let animating = false;
    if (this.graph && this.layout) {
      const { k, x, y } = this.t;
      ctx.setTransform(this.dpr * k, 0, 0, this.dpr * k, this.dpr * x, this.dpr * y);
      ctx.textBaseline = 'alphabetic';
      for (const [id, s] of this.flashes) if (t0 - s > FLASH_MS) this.flashes.delete(id);
      for (const [id, m] of this.moves) if (t0 - m.start > MOVE_MS) this.moves.delete(id);
      const input: PaintInput = {
        graph: this.graph,
        layout: this.layout,
        palette: p,
        view: this.view,
        viewport: { x0: -x / k, y0: -y / k, x1: (this.width - x) / k, y1: (this.height - y) / k },
        k,
        selection: this.selection,
        hover: this.hover,
        focus: this.focus,
        filters: this.filters,
        chain: this.chain,
        now: t0,
        flashes: this.flashes,
        found: this.found,
        ...(this.moves.size ? { boxOf: (id: string) => this.boxAt(id, t0) } : {}),
      };
      this.stats.drawn = paint(this.sink, input);
      animating = this.flashes.size > 0 || this.moves.size > 0;
      if (this.boxSel) {
        ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
        const b = this.boxSel;
        ctx.fillStyle = p.accent + '22';
        ctx.strokeStyle = p.accent;
        ctx.lineWidth = 1;
        ctx.fillRect(Math.min(b.x0, b.x1), Math.min(b.y0, b.y1), Math.abs(b.x1 - b.x0), Math.abs(b.y1 - b.y0));
        ctx.strokeRect(Math.min(b.x0, b.x1) + 0.5, Math.min(b.y0, b.y1) + 0.5, Math.abs(b.x1 - b.x0), Math.abs(b.y1 - b.y0));
        this.sink.reset();
      }
    }
    const t1 = performance.now();
    this.stats.frames++;
    this.stats.lastDrawMs = t1 - t0;
    this.stats.lastFrameAt = performance.timeOrigin + t1;
    this.stats.drawMs.push(t1 - t0);
    if (this.stats.drawMs.length > 2000) this.stats.drawMs.splice(0, 1000);
    this.settleWaiters();
    if (animating) this.request();
  }

  // ------------------------------------------------------------------ test probe support

  /** Resolves with the wall-clock time (ms since the epoch) of the first frame that shows the node in that state. */
  whenShown(id: string, state: NodeState): Promise<number> {
    return new Promise((resolve) => {
      this.waiters.push({ id, state, resolve });
      this.request();
    });
  }

  private settleWaiters() {
    if (!this.waiters.length || !this.graph) return;
    const at = this.stats.lastFrameAt;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const w = this.waiters[i]!;
      if (this.graph.nodes.get(w.id)?.state === w.state) {
        this.waiters.splice(i, 1);
        w.resolve(at);
      }
    }
    void this.shownStates;
  }

  /** Where a node is on screen (CSS pixels, relative to the canvas), if drawn. */
  screenBox(id: string): { x: number; y: number; w: number; h: number } | null {
    const b = this.layout?.boxes.get(id);
    if (!b) return null;
    const { k, x, y } = this.t;
    return { x: b.x * k + x, y: b.y * k + y, w: b.w * k, h: b.h * k };
  }

  /** The colour a tile of this state is filled with now (RGB). */
  tileColour(state: NodeState): [number, number, number] {
    return parseColour(this.palette.tile[state]);
  }

  stateColour(state: NodeState): [number, number, number] {
    return parseColour(this.palette.state[state]);
  }

  // ------------------------------------------------------------------ moving the view

  setTransform(t: ViewTransform): void {
    select(this.canvas).call(this.zoomer.transform, zoomIdentity.translate(t.x, t.y).scale(t.k));
  }

  /** The transform that shows a world rectangle, with a margin. */
  private transformFor(r: { x: number; y: number; w: number; h: number }, maxK = 1.5): ViewTransform {
    const m = 32;
    const k = Math.max(0.01, Math.min(maxK, (this.width - m * 2) / Math.max(1, r.w), (this.height - m * 2) / Math.max(1, r.h)));
    return { k, x: this.width / 2 - (r.x + r.w / 2) * k, y: this.height / 2 - (r.y + r.h / 2) * k };
  }

  fit(animate = false): void {
    if (!this.layout) return;
    const t = this.transformFor(this.layout.bounds);
    if (animate) this.glideTo(t);
    else this.setTransform(t);
  }

  /** Centre a node, zooming in far enough to read it. */
  centreOn(id: string, animate = true): void {
    const b = this.layout?.boxes.get(id);
    if (!b) return;
    const k = Math.max(this.t.k, Math.min(1.4, 200 / Math.max(b.w, 40)));
    const t = { k, x: this.width / 2 - (b.x + b.w / 2) * k, y: this.height / 2 - (b.y + b.h / 2) * k };
    if (animate) this.glideTo(t);
    else this.setTransform(t);
  }

  zoomBy(f: number): void {
    select(this.canvas).call(this.zoomer.scaleBy, f, [this.width / 2, this.height / 2]);
  }

  panBy(dx: number, dy: number): void {
    select(this.canvas).call(this.zoomer.translateBy, dx / this.t.k, dy / this.t.k);
  }

  private glideTo(to: ViewTransform, ms = 350): void {
    if (this.glide) cancelAnimationFrame(this.glide);
    const from = this.transform;
    const start = performance.now();
    const step = () => {
      const t = Math.min(1, (performance.now() - start) / ms);
      const e = t < 0.5 ? 2 * t * t : 1 - (-2 * t + 2) ** 2 / 2;
      // Zoom in log space so it feels even.
      const k = Math.exp(Math.log(from.k) + (Math.log(to.k) - Math.log(from.k)) * e);
      this.setTransform({ k, x: from.x + (to.x - from.x) * e, y: from.y + (to.y - from.y) * e });
      this.glide = t < 1 ? requestAnimationFrame(step) : null;
    };
    this.glide = requestAnimationFrame(step);
  }

  // ------------------------------------------------------------------ pointer

  private world(e: MouseEvent): [number, number, number, number] {
    const r = this.canvas.getBoundingClientRect();
    const sx = e.clientX - r.left;
    const sy = e.clientY - r.top;
    const [wx, wy] = this.t.invert([sx, sy]);
    return [wx, wy, sx, sy];
  }

  pick(wx: number, wy: number): string | null {
    return this.hit?.at(wx, wy) ?? null;
  }

  private bindPointer() {
    const c = this.canvas;
    c.addEventListener('mousemove', (e) => {
      if (this.boxSel) return;
      const [wx, wy] = this.world(e);
      const id = this.pick(wx, wy);
      if (id !== this.hover) {
        this.hover = id;
        c.style.cursor = id ? 'pointer' : 'grab';
        this.cb.onHover(id);
        this.request();
      }
    });
    c.addEventListener('mouseleave', () => {
      if (this.hover) {
        this.hover = null;
        this.cb.onHover(null);
        this.request();
      }
    });
    c.addEventListener('click', (e) => {
      const [wx, wy] = this.world(e);
      this.cb.onPick(this.pick(wx, wy), { additive: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
    });
    c.addEventListener('dblclick', (e) => {
      const [wx, wy] = this.world(e);
      const id = this.pick(wx, wy);
      if (id) this.cb.onOpen(id);
    });
    c.addEventListener('contextmenu', (e) => {
      e.preventDefault();
      const [wx, wy] = this.world(e);
      this.cb.onContextMenu(this.pick(wx, wy), e.clientX, e.clientY);
    });
    // Shift-drag: a selection box.
    c.addEventListener('mousedown', (e) => {
      if (!e.shiftKey || e.button !== 0) return;
      const [, , sx, sy] = this.world(e);
      this.boxSel = { x0: sx, y0: sy, x1: sx, y1: sy, additive: e.ctrlKey || e.metaKey };
      const move = (ev: MouseEvent) => {
        const [, , x, y] = this.world(ev);
        if (this.boxSel) Object.assign(this.boxSel, { x1: x, y1: y });
        this.request();
      };
      const up = () => {
        window.removeEventListener('mousemove', move);
        window.removeEventListener('mouseup', up);
        const b = this.boxSel;
        this.boxSel = null;
        this.request();
        if (!b || (Math.abs(b.x1 - b.x0) < 4 && Math.abs(b.y1 - b.y0) < 4) || !this.hit) return;
        const [ax, ay] = this.t.invert([b.x0, b.y0]);
        const [bx, by] = this.t.invert([b.x1, b.y1]);
        this.cb.onBoxSelect(this.hit.inRect(ax, ay, bx, by), true);
        suppressClick();
      };
      // The click that ends a box selection is not a pick.
      const suppressClick = () => {
        const stop = (ev: Event) => {
          ev.stopImmediatePropagation();
          c.removeEventListener('click', stop, true);
        };
        c.addEventListener('click', stop, true);
        setTimeout(() => c.removeEventListener('click', stop, true), 0);
      };
      window.addEventListener('mousemove', move);
      window.addEventListener('mouseup', up);
    });
  }

  // ------------------------------------------------------------------ export

  /** An SVG document of what is on screen now (or of the whole view). */
  toSvg(title: string, whole = false, detail?: number): string {
    if (!this.graph || !this.layout) return '';
    const { k, x, y } = this.t;
    const measureCtx = document.createElement('canvas').getContext('2d')!;
    const sink = new SvgSink((t, size, weight) => {
      measureCtx.font = font(size, weight);
      return measureCtx.measureText(t).width;
    });
    const b = this.layout.bounds;
    const view = whole ? { x: b.x - 20, y: b.y - 20, w: b.w + 40, h: b.h + 40 } : { x: -x / k, y: -y / k, w: this.width / k, h: this.height / k };
    const kk = detail ?? (whole ? Math.min(1, 4000 / Math.max(view.w, view.h)) : k);
    paint(sink, {
      graph: this.graph,
      layout: this.layout,
      palette: this.palette,
      view: this.view,
      viewport: { x0: view.x, y0: view.y, x1: view.x + view.w, y1: view.y + view.h },
      k: kk,
      selection: this.selection,
      hover: null,
      focus: null,
      filters: this.filters,
      chain: this.chain,
      now: 0,
      flashes: new Map(),
      found: null,
    });
    const scale = whole ? Math.min(1, 4000 / Math.max(view.w, view.h)) : 1;
    return sink.document(view, whole ? view.w * scale : this.width, whole ? view.h * scale : this.height, this.palette.bg, title);
  }

  /** A PNG of what is on screen now, at the screen's pixel density. */
  toPng(): Promise<Blob> {
    this.draw();
    return new Promise((resolve, reject) => this.canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the canvas could not be encoded'))), 'image/png'));
  }
}
