// The two surfaces the painter draws on: a canvas (every frame) and an SVG document
// (export: real shapes and text, not a picture of the canvas).
import type { PathSpec, ShapeStyle, Sink, TextStyle } from './paint.js';

const FONT = 'Inter, "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif';

export function font(size: number, weight = 400): string {
  return `${weight} ${size}px ${FONT}`;
}

type Ctx = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

export class CanvasSink implements Sink {
  private fillStyle = '';
  private fontKey = '';
  constructor(private readonly ctx: Ctx) {}

  reset(): void {
    this.fillStyle = '';
    this.fontKey = '';
  }

  private fill(c: string) {
    if (c !== this.fillStyle) {
      this.ctx.fillStyle = c;
      this.fillStyle = c;
    }
  }

  private shape(draw: () => void, s: ShapeStyle) {
    const ctx = this.ctx;
    if (s.alpha !== undefined) ctx.globalAlpha = s.alpha;
    draw();
    if (s.fill) {
      this.fill(s.fill);
      ctx.fill();
    }
    if (s.stroke) {
      ctx.strokeStyle = s.stroke;
      ctx.lineWidth = s.width ?? 1;
      if (s.dash) ctx.setLineDash(s.dash);
      ctx.stroke();
      if (s.dash) ctx.setLineDash([]);
    }
    if (s.alpha !== undefined) ctx.globalAlpha = 1;
  }

  rect(x: number, y: number, w: number, h: number, s: ShapeStyle): void {
    const ctx = this.ctx;
    if (!s.radius && !s.stroke) {
      // The common case, and the fast one: thousands of tiles far out.
      if (s.alpha !== undefined) ctx.globalAlpha = s.alpha;
      this.fill(s.fill ?? '#000');
      ctx.fillRect(x, y, w, h);
      if (s.alpha !== undefined) ctx.globalAlpha = 1;
      return;
    }
    this.shape(() => {
      ctx.beginPath();
      if (s.radius) ctx.roundRect(x, y, w, h, Math.min(s.radius, w / 2, h / 2));
      else ctx.rect(x, y, w, h);
    }, s);
  }

  circle(x: number, y: number, r: number, s: ShapeStyle): void {
    const ctx = this.ctx;
    this.shape(() => {
      ctx.beginPath();
      ctx.arc(x, y, r, 0, Math.PI * 2);
    }, s);
  }

  path(p: PathSpec, s: ShapeStyle): void {
    const ctx = this.ctx;
    this.shape(
      () => {
        ctx.beginPath();
        if ('points' in p) {
          p.points.forEach(([x, y], i) => (i ? ctx.lineTo(x, y) : ctx.moveTo(x, y)));
        } else {
          const [x0, y0, a, b, c, d, x1, y1] = p.bezier;
          ctx.moveTo(x0, y0);
          ctx.bezierCurveTo(a, b, c, d, x1, y1);
        }
      },
      { ...s, fill: undefined },
    );
  }

  text(t: string, x: number, y: number, s: TextStyle): void {
    const ctx = this.ctx;
    const key = `${s.weight ?? 400}|${s.size}`;
    if (key !== this.fontKey) {
      ctx.font = font(s.size, s.weight);
      this.fontKey = key;
    }
    ctx.textAlign = s.align ?? 'left';
    if (s.alpha !== undefined) ctx.globalAlpha = s.alpha;
    this.fill(s.fill);
    ctx.fillText(t, x, y);
    if (s.alpha !== undefined) ctx.globalAlpha = 1;
  }

  measure(t: string, size: number, weight = 400): number {
    const key = `${weight}|${size}`;
    if (key !== this.fontKey) {
      this.ctx.font = font(size, weight);
      this.fontKey = key;
    }
    return this.ctx.measureText(t).width;
  }
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const n = (x: number) => (Math.round(x * 100) / 100).toString();

function styleAttrs(s: ShapeStyle): string {
  const a: string[] = [];
  a.push(`fill="${s.fill ? esc(s.fill) : 'none'}"`);
  if (s.stroke) a.push(`stroke="${esc(s.stroke)}" stroke-width="${n(s.width ?? 1)}"`);
  if (s.dash) a.push(`stroke-dasharray="${s.dash.map(n).join(' ')}"`);
  if (s.alpha !== undefined && s.alpha < 1) a.push(`opacity="${n(s.alpha)}"`);
  return a.join(' ');
}

/** Builds an SVG document of what the painter draws. `measure` sizes text (the canvas's, in the browser). */
export class SvgSink implements Sink {
  private readonly parts: string[] = [];
  constructor(private readonly measureText: (t: string, size: number, weight: number) => number) {}

  rect(x: number, y: number, w: number, h: number, s: ShapeStyle): void {
    const r = s.radius ? ` rx="${n(Math.min(s.radius, w / 2, h / 2))}"` : '';
    this.parts.push(`<rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"${r} ${styleAttrs(s)}/>`);
  }

  circle(x: number, y: number, r: number, s: ShapeStyle): void {
    this.parts.push(`<circle cx="${n(x)}" cy="${n(y)}" r="${n(r)}" ${styleAttrs(s)}/>`);
  }

  path(p: PathSpec, s: ShapeStyle): void {
    const d =
      'points' in p
        ? p.points.map(([x, y], i) => `${i ? 'L' : 'M'}${n(x)} ${n(y)}`).join(' ')
        : `M${n(p.bezier[0])} ${n(p.bezier[1])} C${p.bezier.slice(2).map(n).join(' ')}`;
    this.parts.push(`<path d="${d}" ${styleAttrs({ ...s, fill: undefined })}/>`);
  }

  text(t: string, x: number, y: number, s: TextStyle): void {
    const anchor = s.align === 'center' ? 'middle' : s.align === 'right' ? 'end' : 'start';
    const op = s.alpha !== undefined && s.alpha < 1 ? ` opacity="${n(s.alpha)}"` : '';
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" font-size="${n(s.size)}" font-weight="${s.weight ?? 400}" text-anchor="${anchor}" fill="${esc(s.fill)}"${op}>${esc(t)}</text>`,
    );
  }

  measure(t: string, size: number, weight = 400): number {
    return this.measureText(t, size, weight);
  }

  begin(id: string, title: string): void {
    this.parts.push(`<g data-node="${esc(id)}"><title>${esc(title)}</title>`);
  }

  end(): void {
    this.parts.push('</g>');
  }

  /** The document: the world rectangle `view` shown at `width` × `height`. */
  document(view: { x: number; y: number; w: number; h: number }, width: number, height: number, background: string, title: string): string {
    return [
      `<?xml version="1.0" encoding="UTF-8"?>`,
      `<svg xmlns="http://www.w3.org/2000/svg" width="${n(width)}" height="${n(height)}" viewBox="${n(view.x)} ${n(view.y)} ${n(view.w)} ${n(view.h)}" font-family="${esc(FONT)}">`,
      `<title>${esc(title)}</title>`,
      `<rect x="${n(view.x)}" y="${n(view.y)}" width="${n(view.w)}" height="${n(view.h)}" fill="${esc(background)}"/>`,
      ...this.parts,
      `</svg>`,
      '',
    ].join('\n');
  }
}
