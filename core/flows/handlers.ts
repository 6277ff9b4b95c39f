import type { HandlersFor, HandlerContext } from '../api/handlers.js';
import { actorOf } from '../api/handlers.js';
import { ApiError } from '../api/errors.js';
import type { flowsContract } from './contract.js';
import type { FlowsService } from './service.js';
import type { QueryBase, SankeyAnswer, SeriesAnswer, TopAnswer, RecordsAnswer } from './query/runner.js';
import { parseFilter } from './query/filter.js';

interface RangeIn {
  from?: number | undefined;
  to?: number | undefined;
  lastMs?: number | undefined;
}

function rangeOf(r: RangeIn, now: number): { from: number; to: number } {
  if (r.lastMs !== undefined) return { from: now - r.lastMs, to: now };
  const to = r.to ?? now;
  const from = r.from ?? to - 15 * 60_000;
  if (from >= to) throw new ApiError('BAD_INPUT', '"from" must be before "to"', { issues: [{ path: 'from', message: 'before to' }] });
  if (to - from > 400 * 86_400_000)
    throw new ApiError('BAD_INPUT', 'a range is at most 400 days', { issues: [{ path: 'from', message: 'at most 400 days before to' }] });
  return { from, to };
}

function checkFilter(filter: string): void {
  const p = parseFilter(filter);
  if (!p.ok) {
    throw new ApiError('BAD_INPUT', `filter: column ${p.error.column}: ${p.error.message}`, {
      issues: [{ path: 'filter', message: `column ${p.error.column}: ${p.error.message}` }],
      filter: p.error,
    });
  }
}

function userOf(ctx: HandlerContext): string {
  const a = actorOf(ctx);
  return a.userId ?? `system:${a.username}`;
}

export function flowsHandlers(flows: FlowsService, now: () => number): HandlersFor<typeof flowsContract> {
  const q = (input: RangeIn & { filter: string; dims: string[]; metric: QueryBase['metric']; limit: number }): QueryBase => {
    checkFilter(input.filter);
    return { ...rangeOf(input, now()), filter: input.filter, dims: input.dims, metric: input.metric, limit: input.limit };
  };
  return {
    'flows.overview'() {
      return flows.overview();
    },
    'flows.exporters'() {
      return flows.exporters();
    },
    async 'flows.top'(input) {
      const qq = q(input);
      const r = await flows.run<TopAnswer>({ op: 'top', q: qq });
      return { ...r, from: qq.from, to: qq.to };
    },
    async 'flows.series'(input) {
      const qq = q(input);
      const r = await flows.run<SeriesAnswer>({ op: 'series', q: { ...qq, stepMs: input.stepMs, previous: input.previous } });
      return { ...r, from: r.times[0] ?? qq.from, to: qq.to };
    },
    async 'flows.sankey'(input) {
      const qq = q(input);
      if (qq.dims.length < 2) throw new ApiError('BAD_INPUT', 'a sankey needs two or more dimensions', { issues: [{ path: 'dims', message: 'at least two' }] });
      const r = await flows.run<SankeyAnswer>({ op: 'sankey', q: qq });
      return { ...r, from: qq.from, to: qq.to };
    },
    async 'flows.records'(input) {
      checkFilter(input.filter);
      const r0 = rangeOf(input, now());
      const r = await flows.run<RecordsAnswer>({ op: 'records', q: { ...r0, filter: input.filter, limit: input.limit } });
      return { ...r, records: r.records as unknown as Record<string, unknown>[], from: r0.from, to: r0.to };
    },
    'flows.checkFilter'(input) {
      const p = parseFilter(input.filter);
      return p.ok ? { ok: true, fields: p.fields, error: null } : { ok: false, fields: [], error: p.error };
    },
    'flows.views.list'(_input, ctx) {
      return { views: flows.views(userOf(ctx)) };
    },
    'flows.views.save'(input, ctx) {
      const v = flows.saveView(userOf(ctx), input.name, input.state);
      ctx.setTarget(`flows-view:${v.id}`);
      return v;
    },
    'flows.views.delete'(input, ctx) {
      ctx.setTarget(`flows-view:${input.id}`);
      return { deleted: flows.deleteView(userOf(ctx), input.id) };
    },
    'flows.settings.get'() {
      return { settings: flows.settings(), overriddenPorts: flows.portsOverridden };
    },
    async 'flows.settings.update'(input, ctx) {
      ctx.setTarget('flows:settings');
      return flows.updateSettings(input);
    },
  };
}
