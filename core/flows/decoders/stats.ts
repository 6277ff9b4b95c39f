// Per-exporter decode counters, updated by the decoders, and the sequence-number
// follower that turns gaps into lost datagrams / records.
import { DECODE_ERROR_CODES } from './errors.js';
import type { DecodeError, DecodeErrorCode } from './errors.js';

export type ErrorCounts = Record<DecodeErrorCode, number>;

function zeroErrors(): ErrorCounts {
  const e = {} as ErrorCounts;
  for (const c of DECODE_ERROR_CODES) e[c] = 0;
  return e;
}

/** Counters for one exporter (keyed by its address). Plain data: JSON.stringify works. */
export interface ExporterCounters {
  exporter: string;
  /** Datagrams handed to a decoder. */
  datagrams: number;
  /** Datagrams with at least one error (each also counted in `errors`). */
  rejectedDatagrams: number;
  /** Flow records appended to batches. */
  records: number;
  /** Options data records (sampling, system init time…) applied to the state. */
  optionRecords: number;
  /** sFlow counter samples seen (kept in the decoder's counter list). */
  counterSamples: number;
  /** Template and options template records accepted / withdrawn. */
  templates: number;
  templateWithdrawals: number;
  /** Errors, by code. */
  errors: ErrorCounts;
  /** Data sets dropped because their template is unknown, and their bytes. */
  unknownTemplateSets: number;
  unknownTemplateBytes: number;
  /** Sequence follow-up: datagrams / records the exporter sent that never arrived. */
  lostDatagrams: number;
  lostRecords: number;
  /** Sequence numbers that went backwards (late or duplicate datagrams). */
  reordered: number;
  /** Sequence jumps too large to be loss (exporter restart): the follower restarted. */
  sequenceResets: number;
  /** Receive time (ms since epoch) of the last datagram. */
  lastSeenMs: number;
}

/** Largest forward jump counted as loss; larger is taken as an exporter restart. */
export const MAX_SEQUENCE_GAP = 1_000_000;
/** Backward steps up to this size are late/duplicate datagrams, not a restart. */
export const MAX_SEQUENCE_REORDER = 1_000;
/** Most domains (and sub-keys per domain) followed per exporter. */
export const MAX_FOLLOWED = 4096;

/**
 * Follows 32-bit sequence numbers per (exporter, domain[, sub-key]).
 * `expect` is the sequence number the next datagram should carry.
 */
export class SequenceFollower {
  private readonly next = new Map<number, Map<number, number>>();

  /**
   * Record `seq`; `advance` is how far the next expected number moves past `seq`
   * (1 for per-datagram counters, the record count for per-record counters).
   * Returns the number lost (0 when in order, reordered or reset) and updates `c`.
   */
  observe(domain: number, sub: number, seq: number, advance: number, c: ExporterCounters): number {
    let m = this.next.get(domain);
    if (!m) {
      // Bounded: a hostile exporter cycling through domains only restarts the follower.
      if (this.next.size >= MAX_FOLLOWED) this.next.clear();
      m = new Map();
      this.next.set(domain, m);
    }
    if (m.size >= MAX_FOLLOWED && !m.has(sub)) m.clear();
    const expected = m.get(sub);
    const following = (seq + advance) >>> 0;
    if (expected === undefined) {
      m.set(sub, following);
      return 0;
    }
    const gap = (seq - expected) >>> 0; // forward distance, modulo 2^32
    if (gap === 0) {
      m.set(sub, following);
      return 0;
    }
    if (gap <= MAX_SEQUENCE_GAP) {
      m.set(sub, following);
      return gap;
    }
    const back = (expected - seq) >>> 0;
    if (back <= MAX_SEQUENCE_REORDER) {
      c.reordered++;
      return 0;
    }
    c.sequenceResets++;
    m.set(sub, following);
    return 0;
  }
}

/**
 * IPFIX sequence follow-up (RFC 7011 §3.1: the number of data records sent before this
 * message). Some exporters (softflowd 1.1 among them) send instead the count *including*
 * this message's flow records, options records left out; Podium recognises that style per
 * (exporter, domain) when a message matches it and not the standard, so it reports no
 * phantom loss. Wireshark flags the same messages as out of sequence.
 */
export class IpfixSequenceFollower {
  private readonly last = new Map<number, { seq: number; all: number; post: boolean }>();

  /** Returns the records lost before this message (0 when in order). */
  observe(domain: number, seq: number, all: number, flows: number, c: ExporterCounters): number {
    const prev = this.last.get(domain);
    if (!prev) {
      if (this.last.size >= MAX_FOLLOWED) this.last.clear();
      this.last.set(domain, { seq, all, post: false });
      return 0;
    }
    const std = (prev.seq + prev.all) >>> 0;
    const post = (prev.seq + flows) >>> 0;
    let lost = 0;
    if (seq === std && !prev.post) lost = 0;
    else if (seq === post) prev.post = true;
    else {
      const gap = (seq - (prev.post ? post : std)) >>> 0;
      if (gap <= MAX_SEQUENCE_GAP) lost = gap;
      else if (((prev.post ? post : std) - seq) >>> 0 <= MAX_SEQUENCE_REORDER) {
        c.reordered++;
        return 0;
      } else c.sequenceResets++;
    }
    prev.seq = seq;
    prev.all = all;
    return lost;
  }

  forget(domain: number): void {
    this.last.delete(domain);
  }
}

/** Internal per-exporter state: counters + sequence followers. */
export class ExporterStats {
  readonly counters: ExporterCounters;
  /** NetFlow v5/v9/IPFIX message sequence, and sFlow datagram sequence (sub = 0). */
  readonly sequence = new SequenceFollower();
  /** IPFIX message sequence (counts data records). */
  readonly ipfixSequence = new IpfixSequenceFollower();
  /** sFlow per-source sample sequence (domain = sub-agent, sub = source id). */
  readonly sampleSequence = new SequenceFollower();

  constructor(exporter: string) {
    this.counters = {
      exporter,
      datagrams: 0,
      rejectedDatagrams: 0,
      records: 0,
      optionRecords: 0,
      counterSamples: 0,
      templates: 0,
      templateWithdrawals: 0,
      errors: zeroErrors(),
      unknownTemplateSets: 0,
      unknownTemplateBytes: 0,
      lostDatagrams: 0,
      lostRecords: 0,
      reordered: 0,
      sequenceResets: 0,
      lastSeenMs: 0,
    };
  }
}

/** All exporters' counters. Bounded: beyond `maxExporters`, new exporters share one bucket. */
export class DecoderStats {
  private readonly byExporter = new Map<string, ExporterStats>();
  /** Address used for exporters past the limit. */
  static readonly OVERFLOW = '(other exporters)';

  constructor(readonly maxExporters = 10_000) {}

  /** The stats of `exporter`, created on first use. */
  exporter(exporter: string): ExporterStats {
    let s = this.byExporter.get(exporter);
    if (s) return s;
    if (this.byExporter.size >= this.maxExporters) {
      s = this.byExporter.get(DecoderStats.OVERFLOW);
      if (s) return s;
      exporter = DecoderStats.OVERFLOW;
    }
    s = new ExporterStats(exporter);
    this.byExporter.set(exporter, s);
    return s;
  }

  /** Count the outcome of one datagram. */
  countDatagram(s: ExporterStats, records: number, errors: readonly DecodeError[], receivedMs: number): void {
    const c = s.counters;
    c.datagrams++;
    c.records += records;
    c.lastSeenMs = receivedMs;
    if (errors.length > 0) {
      c.rejectedDatagrams++;
      for (const e of errors) c.errors[e.code]++;
    }
  }

  /** Snapshot of every exporter's counters (plain data). */
  snapshot(): ExporterCounters[] {
    return [...this.byExporter.values()].map((s) => ({ ...s.counters, errors: { ...s.counters.errors } }));
  }

  /** Sum over all exporters. */
  totals(): Omit<ExporterCounters, 'exporter' | 'lastSeenMs'> {
    const t: Omit<ExporterCounters, 'exporter' | 'lastSeenMs'> = {
      datagrams: 0, rejectedDatagrams: 0, records: 0, optionRecords: 0, counterSamples: 0,
      templates: 0, templateWithdrawals: 0, errors: zeroErrors(), unknownTemplateSets: 0,
      unknownTemplateBytes: 0, lostDatagrams: 0, lostRecords: 0, reordered: 0, sequenceResets: 0,
    };
    for (const s of this.byExporter.values()) {
      const c = s.counters;
      t.datagrams += c.datagrams; t.rejectedDatagrams += c.rejectedDatagrams; t.records += c.records;
      t.optionRecords += c.optionRecords; t.counterSamples += c.counterSamples; t.templates += c.templates;
      t.templateWithdrawals += c.templateWithdrawals; t.unknownTemplateSets += c.unknownTemplateSets;
      t.unknownTemplateBytes += c.unknownTemplateBytes; t.lostDatagrams += c.lostDatagrams;
      t.lostRecords += c.lostRecords; t.reordered += c.reordered; t.sequenceResets += c.sequenceResets;
      for (const code of DECODE_ERROR_CODES) t.errors[code] += c.errors[code];
    }
    return t;
  }

  get size(): number {
    return this.byExporter.size;
  }
}
