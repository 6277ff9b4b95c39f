// The flows capability's part of the contract: live overview, exporter health, queries
// over the flow store (top-N, time series, sankey, records), saved views and the
// collector's settings. Pure declarations (zod only) — handlers are in ./handlers.ts.
import { z } from 'zod';
import { command, topic, type CapabilityContract } from '../api/define.js';
import { DIMENSIONS } from './query/fields.js';

const dimension = z.enum(DIMENSIONS as [string, ...string[]]);
const metric = z.enum(['bytes', 'packets', 'flows']);
const totals = z.object({ bytes: z.number(), packets: z.number(), flows: z.number() });

/** A time range: absolute (ms since the epoch) or the last N ms up to now. */
const range = z
  .object({
    from: z.number().int().nonnegative().optional(),
    to: z.number().int().nonnegative().optional(),
    lastMs: z
      .number()
      .int()
      .min(1000)
      .max(400 * 86_400_000)
      .optional()
      .describe('the last N ms up to now (instead of from/to)'),
  })
  .strict();

const queryInput = range.extend({
  filter: z.string().max(8192).default(''),
  dims: z.array(dimension).max(4).default([]),
  metric: metric.default('bytes'),
  limit: z.number().int().min(1).max(100).default(10),
});

const answered = {
  from: z.number(),
  to: z.number(),
  source: z.enum(['raw', '1m', '1h']).describe('raw blocks, or 1-minute / 1-hour rollups'),
  tookMs: z.number(),
  notes: z.array(z.string()),
};

const scanned = z.object({ blocks: z.number().int(), rows: z.number().int() });

const listenerProto = z.enum(['netflow', 'ipfix', 'sflow']);
const listenerState = z.object({
  proto: listenerProto,
  address: z.string(),
  port: z.number().int(),
  boundPort: z.number().int().nullable(),
  error: z.string().nullable(),
  receiveBufferBytes: z.number().int().nullable(),
  datagrams: z.number().int(),
  receiver: z.enum(['batched', 'dgram']).optional().describe("how datagrams are read: in batches (recvmmsg) or one by one (Node's dgram)"),
});

export const exporterHealth = z.object({
  exporter: z.string(),
  name: z.string().nullable().describe('what the exporter is, when known (the lab names its VNFs)'),
  datagrams: z.number(),
  rejectedDatagrams: z.number(),
  records: z.number(),
  optionRecords: z.number(),
  counterSamples: z.number(),
  templates: z.number().describe('templates known now'),
  templatesReceived: z.number(),
  templateWithdrawals: z.number(),
  errors: z.record(z.string(), z.number()),
  unknownTemplateSets: z.number(),
  unknownTemplateBytes: z.number(),
  lostDatagrams: z.number(),
  lostRecords: z.number(),
  reordered: z.number(),
  sequenceResets: z.number(),
  lastSeenMs: z.number(),
  domains: z.array(z.number()),
  samplingRates: z.array(z.number()),
  recordsPerSec: z.number(),
});
export type ExporterHealth = z.infer<typeof exporterHealth>;

const collectorSetState = z.object({
  name: z.string(),
  algorithm: z.enum(['replicate', 'round-robin', 'weighted', 'session']),
  collectors: z.array(
    z.object({ address: z.string(), port: z.number().int(), weight: z.number(), datagrams: z.number(), exporters: z.number(), errors: z.number() }),
  ),
});

const liveSample = z.object({ t: z.number(), flowsPerSec: z.number(), bitsPerSec: z.number(), packetsPerSec: z.number() });

export const liveEvent = liveSample.extend({
  exporters: z.number().int().describe('exporters heard from in the last minute'),
  protocols: z.array(z.object({ proto: z.number().int(), name: z.string(), bitsPerSec: z.number() })),
});
export type LiveEvent = z.infer<typeof liveEvent>;

const filterError = z.object({ column: z.number().int(), length: z.number().int(), message: z.string(), expected: z.array(z.string()) });

const listenerConfig = z.object({ proto: listenerProto, address: z.string().min(1).max(64), port: z.number().int().min(0).max(65535) });
const collectorSetConfig = z.object({
  name: z.string().min(1).max(64),
  protocols: z.array(listenerProto).min(1),
  algorithm: z.enum(['replicate', 'round-robin', 'weighted', 'session']),
  collectors: z
    .array(z.object({ address: z.string().min(1).max(64), port: z.number().int().min(1).max(65535), weight: z.number().int().min(1).max(1000).default(1) }))
    .min(1)
    .max(16),
});

export const flowsSettings = z.object({
  listeners: z.array(listenerConfig).min(1).max(16),
  receiveBufferBytes: z
    .number()
    .int()
    .min(65536)
    .max(1 << 30),
  rawRetentionMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60),
  minuteRollupHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90),
  hourRollupDays: z.number().int().min(1).max(3650),
  collectorSets: z.array(collectorSetConfig).max(8),
});
export type FlowsSettings = z.infer<typeof flowsSettings>;

export const savedView = z.object({
  id: z.string(),
  name: z.string(),
  state: z.record(z.string(), z.unknown()).describe('what the Flows page shows: range, filter, dimensions, chart, metric'),
  updatedAt: z.string(),
});

const empty = z.object({}).strict();

export const flowsContract = {
  permissions: {
    'flows.read': ['admin', 'operator'],
    'flows.manage': ['admin'],
  },
  commands: {
    'flows.overview': command({
      summary: 'The collector now: flows/s, bits/s, packets/s, exporters heard, top protocols, the last minutes, listeners',
      input: empty,
      output: z.object({
        enabled: z.boolean(),
        now: z.number(),
        current: liveEvent.nullable(),
        history: z.array(liveSample),
        listeners: z.array(listenerState),
      }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.exporters': command({
      summary: 'Exporter health: per exporter datagrams, records, errors by code, unknown-template drops, sequence gaps, templates, sampling, last seen',
      input: empty,
      output: z.object({
        exporters: z.array(exporterHealth),
        listeners: z.array(listenerState),
        collectorSets: z.array(collectorSetState),
        store: z.object({
          blocks: z.number(),
          rows: z.number(),
          bytesOnDisk: z.number(),
          oldestReceivedMs: z.number().nullable(),
          blocksWritten: z.number(),
          rowsWritten: z.number(),
          writeErrors: z.number(),
          droppedRows: z.number(),
          rollupLastBlock: z.number(),
        }),
      }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.top': command({
      summary: 'Top N over one or more dimensions for a time range and filter, the rest as Other',
      input: queryInput,
      output: z.object({
        dims: z.array(z.string()),
        rows: z.array(totals.extend({ key: z.array(z.string()) })),
        other: totals.extend({ groups: z.number() }),
        total: totals,
        scanned,
        ...answered,
      }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.series': command({
      summary: 'A time series (per second rates in steps) of the top N groups, Other and the total; optionally the previous period',
      input: queryInput.extend({ stepMs: z.number().int().min(1000).max(86_400_000).optional(), previous: z.boolean().default(false) }),
      output: z.object({
        dims: z.array(z.string()),
        metric,
        stepMs: z.number(),
        times: z.array(z.number()),
        series: z.array(z.object({ key: z.array(z.string()), values: z.array(z.number()) })),
        other: z.array(z.number()),
        total: z.array(z.number()),
        previous: z.array(z.number()).nullable(),
        scanned,
        ...answered,
      }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.sankey': command({
      summary: 'How traffic splits across two or more dimensions (nodes per dimension, links between neighbours)',
      input: queryInput,
      output: z.object({
        dims: z.array(z.string()),
        metric,
        nodes: z.array(z.object({ id: z.string(), level: z.number().int(), label: z.string(), value: z.number() })),
        links: z.array(z.object({ source: z.string(), target: z.string(), value: z.number() })),
        total: z.number(),
        ...answered,
      }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.records': command({
      summary: 'Raw flow records of the raw window matching a filter (oldest first, at most limit)',
      input: range.extend({ filter: z.string().max(8192).default(''), limit: z.number().int().min(1).max(10_000).default(100) }),
      output: z.object({ records: z.array(z.record(z.string(), z.unknown())), truncated: z.boolean(), ...answered }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.checkFilter': command({
      summary: 'Parse a filter: ok, or the column of the mistake and what was expected there',
      input: z.object({ filter: z.string().max(8192) }).strict(),
      output: z.object({ ok: z.boolean(), fields: z.array(z.string()), error: filterError.nullable() }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.views.list': command({
      summary: 'Your saved views of the Flows page',
      input: empty,
      output: z.object({ views: z.array(savedView) }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.views.save': command({
      summary: 'Save (or replace, by name) a view of the Flows page',
      input: z.object({ name: z.string().trim().min(1).max(80), state: z.record(z.string(), z.unknown()) }).strict(),
      output: savedView,
      permission: 'flows.read',
      mutates: true,
    }),
    'flows.views.delete': command({
      summary: 'Delete one of your saved views',
      input: z.object({ id: z.string().min(1).max(64) }).strict(),
      output: z.object({ deleted: z.boolean() }),
      permission: 'flows.read',
      mutates: true,
    }),
    'flows.settings.get': command({
      summary: 'The collector settings: listeners, receive buffer, retention, collector sets',
      input: empty,
      output: z.object({ settings: flowsSettings, overriddenPorts: z.boolean().describe('ports chosen for this run by PODIUM_FLOWS_PORTS') }),
      permission: 'flows.read',
      mutates: false,
    }),
    'flows.settings.update': command({
      summary: 'Change the collector settings (listeners rebind at once)',
      input: flowsSettings.partial().strict(),
      output: z.object({ settings: flowsSettings, listeners: z.array(listenerState) }),
      permission: 'flows.manage',
      mutates: true,
    }),
  },
  topics: {
    'flows.live': topic({
      summary: 'Once a second: flows/s, bits/s, packets/s, exporters heard, top protocols',
      event: liveEvent,
      params: empty,
      permission: 'flows.read',
    }),
  },
} satisfies CapabilityContract;
