// The flow decoders' front door: one FlowDecoder holds the template state, the
// per-exporter stats and the sampling overrides, and routes each datagram to the
// decoder of its protocol (recognised from the header, or forced).
import { decodeError, DecodeErrorCode } from './errors.js';
import type { DecodeResult } from './errors.js';
import type { DecodeContext } from './context.js';
import { decodeNetflowV5 } from './netflow5.js';
import { decodeIpfix, decodeNetflowV9 } from './templated.js';
import { decodeSflow } from './sflow.js';
import { sniffProtocol } from './sniff.js';
import type { FlowProtocol, ProtocolFamily } from './sniff.js';
import { DecoderStats } from './stats.js';
import { TemplateCache } from './templates.js';
import type { TemplateLimits } from './templates.js';
import type { FlowBatch } from '../record.js';

export { decodeNetflowV5 } from './netflow5.js';
export { decodeIpfix, decodeNetflowV9 } from './templated.js';
export { decodeSflow } from './sflow.js';
export type { CounterSample, GenericInterfaceCounters } from './sflow.js';
export { sniffProtocol, inFamily } from './sniff.js';
export type { FlowProtocol, ProtocolFamily } from './sniff.js';
export { DecoderStats } from './stats.js';
export type { ExporterCounters } from './stats.js';
export { TemplateCache, Template, DEFAULT_TEMPLATE_LIMITS } from './templates.js';
export type { TemplateCacheJson, TemplateChange, TemplateJson, TemplateLimits } from './templates.js';
export { DecodeErrorCode, DECODE_ERROR_CODES } from './errors.js';
export type { DecodeError, DecodeResult } from './errors.js';
export type { DecodeContext } from './context.js';

export interface FlowDecoderOptions {
  templates?: TemplateCache;
  limits?: Partial<TemplateLimits>;
  stats?: DecoderStats;
  /** Exporter address → sampling rate that overrides what the exporter says. */
  samplingOverride?: Map<string, number>;
}

export interface FlowDecodeResult extends DecodeResult {
  /** The protocol decoded, or null when the datagram was not recognised. */
  protocol: FlowProtocol | null;
}

const DECODERS: Record<FlowProtocol, (b: Uint8Array, ctx: DecodeContext, batch: FlowBatch) => DecodeResult> = {
  netflow5: decodeNetflowV5,
  netflow9: decodeNetflowV9,
  ipfix: decodeIpfix,
  sflow5: decodeSflow,
};

export class FlowDecoder {
  readonly templates: TemplateCache;
  readonly stats: DecoderStats;
  readonly samplingOverride: Map<string, number>;
  private readonly ctx: DecodeContext;

  constructor(opts: FlowDecoderOptions = {}) {
    this.templates = opts.templates ?? new TemplateCache(opts.limits);
    this.stats = opts.stats ?? new DecoderStats(this.templates.limits.maxExporters);
    this.samplingOverride = opts.samplingOverride ?? new Map();
    this.ctx = { exporter: '', receivedMs: 0, templates: this.templates, stats: this.stats, samplingOverride: this.samplingOverride };
  }

  /**
   * Decode one UDP payload from `exporter`, appending its flow records to `batch`.
   * `proto` forces a protocol (family); otherwise it is recognised from the header.
   * Never throws on bad input: errors come back typed, and are counted in `stats`.
   */
  decode(bytes: Uint8Array, exporter: string, receivedMs: number, batch: FlowBatch, proto?: ProtocolFamily | FlowProtocol): FlowDecodeResult {
    const ctx = this.ctx;
    ctx.exporter = exporter;
    ctx.receivedMs = receivedMs;
    let p: FlowProtocol | null;
    switch (proto) {
      case undefined: p = sniffProtocol(bytes); break;
      case 'netflow': p = bytes.length >= 2 && bytes[0] === 0 && bytes[1] === 5 ? 'netflow5' : 'netflow9'; break;
      case 'ipfix': p = 'ipfix'; break;
      case 'sflow': p = 'sflow5'; break;
      default: p = proto;
    }
    if (p === null) {
      const st = this.stats.exporter(exporter);
      const errors = [decodeError(DecodeErrorCode.UNKNOWN_PROTOCOL, 0, 'not NetFlow v5/v9, IPFIX or sFlow v5')];
      this.stats.countDatagram(st, 0, errors, receivedMs);
      return { protocol: null, records: 0, errors };
    }
    const r = DECODERS[p](bytes, ctx, batch) as FlowDecodeResult;
    r.protocol = p;
    return r;
  }
}
