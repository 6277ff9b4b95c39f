// What the collector is told (its configuration) and what it reports (ticks), shared by
// the engine, its worker and the host's flows service.
import type { ExporterCounters } from '../decoders/stats.js';
import type { BatchColumns } from '../record.js';

export type ListenerProto = 'netflow' | 'ipfix' | 'sflow';

export interface ListenerConfig {
  proto: ListenerProto;
  address: string;
  /** 0 = any free port (tests). */
  port: number;
}

export type BalanceAlgorithm = 'replicate' | 'round-robin' | 'weighted' | 'session';

/** A collector set (SecMon §3.1.1.4): datagrams forwarded, as received, to other collectors. */
export interface CollectorSetConfig {
  name: string;
  /** Which datagrams: those received on listeners of these protocols. */
  protocols: ListenerProto[];
  algorithm: BalanceAlgorithm;
  collectors: { address: string; port: number; weight: number }[];
}

export interface CollectorConfig {
  dataDir: string;
  listeners: ListenerConfig[];
  /** SO_RCVBUF asked for each listener (the kernel may cap it: net.core.rmem_max). */
  receiveBufferBytes: number;
  /** Raw flows are kept this long (by receive time), then whole blocks are dropped. */
  rawRetentionMinutes: number;
  /** Rows per block at most; a block is also written at least every flushMs. */
  blockRows: number;
  flushMs: number;
  collectorSets: CollectorSetConfig[];
}

export const DEFAULT_LISTENERS: ListenerConfig[] = [
  { proto: 'netflow', address: '127.0.0.1', port: 2055 },
  { proto: 'ipfix', address: '127.0.0.1', port: 4739 },
  { proto: 'sflow', address: '127.0.0.1', port: 6343 },
];

export const DEFAULT_RECEIVE_BUFFER = 8 * 1024 * 1024;

export interface ListenerState extends ListenerConfig {
  /** The port bound (differs from `port` when 0 was asked for), or null when it failed. */
  boundPort: number | null;
  error: string | null;
  /** SO_RCVBUF as the kernel reports it (Linux reports twice what it grants for bookkeeping). */
  receiveBufferBytes: number | null;
  datagrams: number;
  /** How datagrams are read: in batches by the native receiver (recvmmsg), or one by one by Node's dgram. */
  receiver?: 'batched' | 'dgram';
}

export interface CollectorSetState {
  name: string;
  algorithm: BalanceAlgorithm;
  collectors: { address: string; port: number; weight: number; datagrams: number; exporters: number; errors: number }[];
}

/** Once a second: what arrived, for the live views and the exporter health table. */
export interface CollectorTick {
  t: number;
  intervalMs: number;
  flows: number;
  bytes: number;
  packets: number;
  datagrams: number;
  /** Bytes per IP protocol in the interval, largest first (at most 8). */
  protocols: { proto: number; bytes: number; flows: number }[];
  exporters: (ExporterCounters & { domains: number[]; templatesKnown: number; samplingRates: number[] })[];
  listeners: ListenerState[];
  collectorSets: CollectorSetState[];
  store: StoreStats;
}

/** The store writer's counters, reported with every tick. */
export interface StoreStats {
  blocksWritten: number;
  rowsWritten: number;
  blocksPruned: number;
  writeErrors: number;
  /** Rows dropped because the writer was too far behind (blocks waiting beyond the limit). */
  droppedRows: number;
  /** Blocks handed to the writer and not yet written. */
  pendingBlocks: number;
}

export type ToCollector = { type: 'reconfigure'; config: CollectorConfig } | { type: 'stop' } | { type: 'flush'; id: number };

export type FromCollector =
  | { type: 'ready'; listeners: ListenerState[] }
  | { type: 'tick'; tick: CollectorTick }
  | { type: 'flushed'; id: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }
  | { type: 'stopped' };

/** The collector's receive thread → its store writer thread. */
export type ToWriter =
  | { type: 'block'; seq: number; rows: number; exporters: string[]; receivedMs: number; cols: BatchColumns }
  | { type: 'templates'; json: string; t: number }
  | { type: 'exporters'; rows: { exporter: string; json: string }[]; t: number }
  | { type: 'prune'; cutoffMs: number }
  | { type: 'stop' };

/** The store writer → the receive thread. */
export type FromWriter =
  | { type: 'ready'; templates: string | null; exporters: { exporter: string; json: string }[] }
  | { type: 'written'; seq: number; ok: boolean; cols: BatchColumns; error?: string }
  | { type: 'pruned'; blocks: number }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; fields?: Record<string, unknown> }
  | { type: 'stopped' };
