// What a decoder needs besides the datagram: who sent it, when, and the shared state.
import type { DecoderStats } from './stats.js';
import type { TemplateCache } from './templates.js';

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
