// What a decoder needs besides the datagram: who sent it, when, and the shared state.
import type { DecodeError, DecodeResult } from './errors.js';
import type { DecoderStats, ExporterStats } from './stats.js';
import type { TemplateCache } from './templates.js';
import type { FlowBatch } from '../record.js';

export interface DecodeContext {
  /** The exporter's address as the collector saw it (UDP source address). */
  exporter: string;
  /** Receive (or capture) time, ms since the Unix epoch. */
  receivedMs: number;
  /** NetFlow v9 / IPFIX template and options state (unused by v5 and sFlow). */
  templates: TemplateCache;
  /** Per-exporter counters, updated by every decode. */
  stats: DecoderStats;
  /** Per-exporter sampling rate that overrides what the exporter says (rate ≥ 1). */
  samplingOverride?: ReadonlyMap<string, number>;
}

/** A decoder's last step: count the datagram in its exporter's stats and say what it gave. */
export function finishDatagram(ctx: DecodeContext, st: ExporterStats, batch: FlowBatch, before: number, errors: DecodeError[]): DecodeResult {
  const records = batch.length - before;
  ctx.stats.countDatagram(st, records, errors, ctx.receivedMs);
  return { records, errors };
}
