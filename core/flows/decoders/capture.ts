// Decode the flow export datagrams found in a capture file (pcap or pcapng): every
// UDP payload on any port, protocol recognised from its header unless forced. Backs
// `podium flows decode FILE [--proto netflow|ipfix|sflow] [--jsonl]`.
import { readUdpDatagrams, newCaptureStats } from '../pcap.js';
import type { CaptureStats } from '../pcap.js';
import { FlowBatch, recordAt } from '../record.js';
import type { FlowRecord } from '../record.js';
import { FlowDecoder } from './index.js';
import type { FlowProtocol, ProtocolFamily } from './sniff.js';
import { sniffProtocol, inFamily } from './sniff.js';
import type { DecoderStats } from './stats.js';

export interface DecodeCaptureOptions {
  /** Force a protocol family instead of recognising each datagram's header. */
  proto?: ProtocolFamily;
  /** Only datagrams to these UDP destination ports (default: any port). */
  ports?: readonly number[];
  /** Reuse a decoder (templates, sampling overrides, stats); default: a fresh one. */
  decoder?: FlowDecoder;
  /** Materialise the extra fields of each record (recordAt(…, { extras: true })). */
  extras?: boolean;
  /** Rows per batch (decodeCaptureBatches). */
  batchSize?: number;
}

export interface CaptureDecodeStats {
  capture: CaptureStats;
  /** UDP datagrams handed to a decoder, by protocol. */
  datagrams: Record<FlowProtocol, number>;
  /** UDP datagrams that are not flow export (or not of the forced family), skipped. */
  notFlow: number;
  /** Records yielded. */
  records: number;
  /** The decoder's per-exporter counters (errors, drops, sequence gaps…). */
  decoder: DecoderStats;
}

export interface CaptureDecoding extends Iterable<FlowRecord> {
  readonly stats: CaptureDecodeStats;
}

/**
 * Decode every flow datagram of a capture into batches. The same FlowBatch object is
 * yielded each time (reset between yields): use its rows before asking for the next.
 */
export function* decodeCaptureBatches(bytes: Uint8Array, opts: DecodeCaptureOptions = {}, stats?: CaptureDecodeStats): Generator<FlowBatch> {
  const decoder = opts.decoder ?? new FlowDecoder();
  const st: CaptureDecodeStats = stats ?? newDecodeStats(decoder);
  const batch = new FlowBatch(opts.batchSize ?? 4096);
  const limit = opts.batchSize ?? 4096;
  const ports = opts.ports && opts.ports.length > 0 ? new Set(opts.ports) : null;
  for (const d of readUdpDatagrams(bytes, st.capture)) {
    if (ports && !ports.has(d.dstPort)) continue;
    const sniffed = sniffProtocol(d.payload);
    let proto: FlowProtocol | ProtocolFamily | null = sniffed;
    if (opts.proto) {
      if (sniffed && !inFamily(sniffed, opts.proto)) { st.notFlow++; continue; }
      proto = sniffed ?? opts.proto;
    }
    if (proto === null) { st.notFlow++; continue; }
    const r = decoder.decode(d.payload, d.src, Number.isFinite(d.tsMs) ? d.tsMs : 0, batch, proto);
    if (r.protocol) st.datagrams[r.protocol]++;
    if (batch.length >= limit) {
      st.records += batch.length;
      yield batch;
      batch.reset();
    }
  }
  if (batch.length > 0) {
    st.records += batch.length;
    yield batch;
    batch.reset();
  }
}

/** Decode a capture into plain records (with `stats` filled as iteration goes). */
export function decodeCapture(bytes: Uint8Array, opts: DecodeCaptureOptions = {}): CaptureDecoding {
  const decoder = opts.decoder ?? new FlowDecoder();
  const stats = newDecodeStats(decoder);
  return {
    stats,
    *[Symbol.iterator]() {
      for (const batch of decodeCaptureBatches(bytes, { ...opts, decoder }, stats)) {
        for (let i = 0; i < batch.length; i++) yield recordAt(batch, i, { extras: opts.extras === true });
      }
    },
  };
}

function newDecodeStats(decoder: FlowDecoder): CaptureDecodeStats {
  return {
    capture: newCaptureStats(),
    datagrams: { netflow5: 0, netflow9: 0, ipfix: 0, sflow5: 0 },
    notFlow: 0,
    records: 0,
    decoder: decoder.stats,
  };
}
