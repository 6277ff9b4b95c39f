// Template state for NetFlow v9 and IPFIX: templates and options templates, keyed by
// (exporter address, observation domain / source ID, template ID) — never by source
// port, so one exporter cannot overwrite another's templates — plus what options data
// taught us per (exporter, domain): sampling rates, sampler tables, system init time.
//
// Bounded (templates per exporter, fields per template, record length, exporters) and
// serialisable to plain JSON (export()/import()) so the collector can persist it and
// decode at once after a restart; onChange tells it when to save.
import { ieInfo, ieName } from '../ie/registry.js';
import type { ExtraField, ExtrasSource } from '../record.js';
import { formatMac, formatV4, formatV6 } from '../record.js';

/** IPFIX / v9 variable-length marker. */
export const VARLEN = 0xffff;

export interface TemplateField {
  /** IE id (v9 field type; for v9 options scope fields, the scope type). */
  id: number;
  /** Field length in bytes, or VARLEN (65535, IPFIX only). */
  length: number;
  /** Private enterprise number; 0 for IANA. */
  enterprise: number;
}

export interface TemplateJson {
  exporter: string;
  domain: number;
  id: number;
  version: 9 | 10;
  options: boolean;
  scopeCount: number;
  /** [id, length, enterprise] */
  fields: [number, number, number][];
}

export interface OptionStateJson {
  exporter: string;
  domain: number;
  samplingRate?: number;
  samplers: [number, number][];
  systemInitMs?: number;
}

export interface TemplateCacheJson {
  format: 'podium.flows.templates/1';
  templates: TemplateJson[];
  options: OptionStateJson[];
}

export interface TemplateLimits {
  maxExporters: number;
  maxTemplatesPerExporter: number;
  maxFieldsPerTemplate: number;
  /** Longest (minimum) record length a template may declare, in bytes. */
  maxRecordLength: number;
}

export const DEFAULT_TEMPLATE_LIMITS: TemplateLimits = {
  maxExporters: 10_000,
  maxTemplatesPerExporter: 2048,
  maxFieldsPerTemplate: 512,
  maxRecordLength: 65_535,
};

export type TemplateChange =
  | { kind: 'set'; exporter: string; domain: number; templateId: number; template: TemplateJson }
  | { kind: 'withdraw'; exporter: string; domain: number; templateId: number }
  | { kind: 'options'; exporter: string; domain: number };

// ---------------------------------------------------------------------------------
// Field kinds: what a data record field feeds in the normalized row.

export const K = {
  SKIP: 0, BYTES: 1, PKTS: 2, PROTO: 3, TOS: 4, TCPFLAGS: 5, SRCPORT: 6, DSTPORT: 7,
  SRC4: 8, DST4: 9, SRC6: 10, DST6: 11, INIF: 12, OUTIF: 13, FIRST_UP: 14, LAST_UP: 15,
  START_S: 16, END_S: 17, START_MS: 18, END_MS: 19, START_NTP: 20, END_NTP: 21,
  START_DELTA_US: 22, END_DELTA_US: 23, ICMP_TC: 24, ICMP_TYPE: 25, ICMP_CODE: 26,
  SRCMAC: 27, DSTMAC: 28, VLAN: 29, DIRECTION: 30, DSCP: 31, SAMPLER_ID: 32, SAMPLING_INTERVAL: 33,
} as const;

/** IE (IANA) → kind, for single-candidate slots. */
const SIMPLE_KINDS: Record<number, number> = {
  4: K.PROTO, 5: K.TOS, 6: K.TCPFLAGS, 7: K.SRCPORT, 11: K.DSTPORT, 8: K.SRC4, 12: K.DST4,
  27: K.SRC6, 28: K.DST6, 10: K.INIF, 14: K.OUTIF, 22: K.FIRST_UP, 21: K.LAST_UP,
  150: K.START_S, 151: K.END_S, 152: K.START_MS, 153: K.END_MS, 154: K.START_NTP, 155: K.END_NTP,
  156: K.START_NTP, 157: K.END_NTP, 158: K.START_DELTA_US, 159: K.END_DELTA_US,
  32: K.ICMP_TC, 139: K.ICMP_TC, 176: K.ICMP_TYPE, 178: K.ICMP_TYPE, 177: K.ICMP_CODE, 179: K.ICMP_CODE,
  61: K.DIRECTION, 195: K.DSCP, 34: K.SAMPLING_INTERVAL,
};

/** Slots fed by the first present IE of a preference list. */
const PREFERRED: [number, number[]][] = [
  [K.BYTES, [1, 85, 23]],
  [K.PKTS, [2, 86, 24]],
  [K.SRCMAC, [56, 81]],
  [K.DSTMAC, [80, 57]],
  [K.VLAN, [58, 243, 59]],
  [K.SAMPLER_ID, [48, 302]],
];

/** Lengths a kind accepts (others make the field an extra). */
function lengthFits(kind: number, len: number): boolean {
  switch (kind) {
    case K.SRC4: case K.DST4: return len === 4;
    case K.SRC6: case K.DST6: return len === 16;
    case K.SRCMAC: case K.DSTMAC: return len === 6;
    case K.START_NTP: case K.END_NTP: return len === 8;
    default: return len >= 1 && len <= 8;
  }
}

/** A parsed, validated, compiled template. Immutable once built. */
export class Template implements ExtrasSource {
  readonly fieldCount: number;
  /** Sum of fixed lengths + 1 per variable-length field (smallest possible record). */
  readonly minLength: number;
  /** Record length when no field is variable, else -1. */
  readonly fixedLength: number;
  /** Per field: kind (K), length (VARLEN for variable). */
  readonly kinds: Uint8Array;
  readonly lengths: Uint16Array;
  /** Fields that do not feed a column (materialised on demand). */
  readonly hasExtras: boolean;
  /** Whether the template carries a source / destination MAC column. */
  readonly hasSrcMac: boolean;
  readonly hasDstMac: boolean;
  /** Identity of the layout (version, kind, scope count, fields): equal signatures, same template. */
  readonly signature: string;

  constructor(
    readonly exporter: string,
    readonly domain: number,
    readonly id: number,
    readonly version: 9 | 10,
    readonly options: boolean,
    readonly scopeCount: number,
    readonly fields: readonly TemplateField[],
  ) {
    const n = fields.length;
    this.fieldCount = n;
    this.kinds = new Uint8Array(n);
    this.lengths = new Uint16Array(n);
    let min = 0;
    let varlen = false;
    let sig = `${version}/${options ? 1 : 0}/${scopeCount}`;
    for (let i = 0; i < n; i++) {
      const f = fields[i]!;
      this.lengths[i] = f.length;
      if (f.length === VARLEN) { varlen = true; min += 1; } else min += f.length;
      sig += `,${f.id}:${f.length}:${f.enterprise}`;
    }
    this.minLength = min;
    this.fixedLength = varlen ? -1 : min;
    this.signature = sig;
    let extras = false;
    if (!options) {
      // Options records never feed rows (their fields are read by applyOptions).
      const present = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const f = fields[i]!;
        if (f.enterprise !== 0 || f.length === VARLEN) continue;
        const k = SIMPLE_KINDS[f.id];
        if (k !== undefined && lengthFits(k, f.length)) this.kinds[i] = k;
        if (!present.has(f.id)) present.set(f.id, i);
      }
      for (const [kind, ids] of PREFERRED) {
        for (const ie of ids) {
          const i = present.get(ie);
          if (i !== undefined && lengthFits(kind, fields[i]!.length)) {
            this.kinds[i] = kind;
            break;
          }
        }
      }
      for (let i = 0; i < n; i++) {
        const f = fields[i]!;
        if (this.kinds[i] === K.SKIP && !(f.enterprise === 0 && f.id === 210)) extras = true;
      }
    }
    this.hasExtras = extras;
    this.hasSrcMac = this.kinds.includes(K.SRCMAC);
    this.hasDstMac = this.kinds.includes(K.DSTMAC);
  }

  toJSON(): TemplateJson {
    return {
      exporter: this.exporter, domain: this.domain, id: this.id, version: this.version,
      options: this.options, scopeCount: this.scopeCount,
      fields: this.fields.map((f) => [f.id, f.length, f.enterprise]),
    };
  }

  /** The fields of the record at `offset` that do not feed a column, decoded and named. */
  materialise(bytes: Uint8Array, offset: number): ExtraField[] {
    const out: ExtraField[] = [];
    let o = offset;
    for (let i = 0; i < this.fieldCount; i++) {
      const f = this.fields[i]!;
      let len = f.length;
      if (len === VARLEN) {
        if (o >= bytes.length) break;
        len = bytes[o]!;
        o++;
        if (len === 255) {
          if (o + 2 > bytes.length) break;
          len = (bytes[o]! << 8) | bytes[o + 1]!;
          o += 2;
        }
      }
      if (o + len > bytes.length) break;
      if (this.kinds[i] === K.SKIP && !(f.enterprise === 0 && f.id === 210)) {
        out.push({ enterprise: f.enterprise, id: f.id, name: ieName(f.enterprise, f.id), value: renderValue(f.enterprise, f.id, bytes, o, len) });
      }
      o += len;
    }
    return out;
  }
}

/** Render a field value by its registry kind (unknown: unsigned if ≤ 8 bytes, else hex). */
export function renderValue(enterprise: number, id: number, b: Uint8Array, o: number, len: number): number | string {
  const kind = ieInfo(enterprise, id)?.kind;
  if (kind === 'ipv4' && len === 4) return formatV4(b, o);
  if (kind === 'ipv6' && len === 16) return formatV6(b, o);
  if (kind === 'mac' && len === 6) return formatMac(b, o);
  if (kind === 'string') return new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(o, o + len)).replace(/\0+$/, '');
  if ((kind === undefined || kind === 'unsigned' || kind === 'bool') && len >= 1 && len <= 8) return readUint(b, o, len);
  let s = '';
  for (let k = 0; k < len; k++) s += b[o + k]!.toString(16).padStart(2, '0');
  return s;
}

/** Unsigned big-endian integer of 1–8 bytes (above 2^53 precision is lost). */
export function readUint(b: Uint8Array, o: number, len: number): number {
  switch (len) {
    case 1: return b[o]!;
    case 2: return (b[o]! << 8) | b[o + 1]!;
    case 4: return ((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!);
    case 8:
      return (((b[o]! << 24) >>> 0) + ((b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!)) * 4294967296 +
        (((b[o + 4]! << 24) >>> 0) + ((b[o + 5]! << 16) | (b[o + 6]! << 8) | b[o + 7]!));
    default: {
      let v = 0;
      for (let k = 0; k < len; k++) v = v * 256 + b[o + k]!;
      return v;
    }
  }
}

// ---------------------------------------------------------------------------------

/** What options data taught us about one (exporter, domain). */
export class OptionState {
  /** Rate from options without a sampler id (IE 34, 305/306 …). */
  samplingRate: number | undefined;
  /** Sampler id (IE 48 / 302) → rate. */
  readonly samplers = new Map<number, number>();
  /** IE 160: absolute time of the exporter's sysUpTime zero, ms since epoch. */
  systemInitMs: number | undefined;
}

/** Per-exporter template and options state. */
export class ExporterTemplates {
  count = 0;
  readonly domains = new Map<number, Map<number, Template>>();
  readonly options = new Map<number, OptionState>();

  constructor(readonly exporter: string) {}

  get(domain: number, id: number): Template | undefined {
    return this.domains.get(domain)?.get(id);
  }

  optionState(domain: number, create: true): OptionState;
  optionState(domain: number, create?: false): OptionState | undefined;
  optionState(domain: number, create = false): OptionState | undefined {
    let s = this.options.get(domain);
    if (!s && create) {
      s = new OptionState();
      this.options.set(domain, s);
    }
    return s;
  }
}

export type PutResult = 'new' | 'same' | 'changed' | 'limit';

export class TemplateCache {
  readonly limits: TemplateLimits;
  onChange: ((change: TemplateChange) => void) | undefined;
  private readonly exporters = new Map<string, ExporterTemplates>();
  private total = 0;

  constructor(limits: Partial<TemplateLimits> = {}, onChange?: (change: TemplateChange) => void) {
    this.limits = { ...DEFAULT_TEMPLATE_LIMITS, ...limits };
    this.onChange = onChange;
  }

  /** The exporter's state, or undefined. */
  peek(exporter: string): ExporterTemplates | undefined {
    return this.exporters.get(exporter);
  }

  /** The exporter's state, created on first use; undefined past maxExporters. */
  exporter(exporter: string): ExporterTemplates | undefined {
    let e = this.exporters.get(exporter);
    if (!e) {
      if (this.exporters.size >= this.limits.maxExporters) return undefined;
      e = new ExporterTemplates(exporter);
      this.exporters.set(exporter, e);
    }
    return e;
  }

  get(exporter: string, domain: number, id: number): Template | undefined {
    return this.exporters.get(exporter)?.get(domain, id);
  }

  /** Store a template (replacing one with the same key). */
  put(t: Template): PutResult {
    const e = this.exporter(t.exporter);
    if (!e) return 'limit';
    let d = e.domains.get(t.domain);
    const old = d?.get(t.id);
    if (old && old.signature === t.signature) return 'same';
    if (!old && e.count >= this.limits.maxTemplatesPerExporter) return 'limit';
    if (!d) {
      d = new Map();
      e.domains.set(t.domain, d);
    }
    d.set(t.id, t);
    if (!old) {
      e.count++;
      this.total++;
    }
    this.onChange?.({ kind: 'set', exporter: t.exporter, domain: t.domain, templateId: t.id, template: t.toJSON() });
    return old ? 'changed' : 'new';
  }

  /** Withdraw one template; returns whether it existed. */
  withdraw(exporter: string, domain: number, id: number): boolean {
    const e = this.exporters.get(exporter);
    const d = e?.domains.get(domain);
    if (!e || !d || !d.delete(id)) return false;
    e.count--;
    this.total--;
    if (d.size === 0) e.domains.delete(domain);
    this.onChange?.({ kind: 'withdraw', exporter, domain, templateId: id });
    return true;
  }

  /** Withdraw every template (options or data, per `options`) of one domain; returns how many. */
  withdrawAll(exporter: string, domain: number, options: boolean): number {
    const d = this.exporters.get(exporter)?.domains.get(domain);
    if (!d) return 0;
    let n = 0;
    for (const t of [...d.values()]) {
      if (t.options === options && this.withdraw(exporter, domain, t.id)) n++;
    }
    return n;
  }

  /** Report an options-state change (sampling, init time) to the change hook. */
  optionsChanged(exporter: string, domain: number): void {
    this.onChange?.({ kind: 'options', exporter, domain });
  }

  /** Number of templates held, overall or for one exporter. */
  size(exporter?: string): number {
    if (exporter === undefined) return this.total;
    return this.exporters.get(exporter)?.count ?? 0;
  }

  exporterCount(): number {
    return this.exporters.size;
  }

  clear(): void {
    this.exporters.clear();
    this.total = 0;
  }

  /** Everything, as plain JSON. */
  export(): TemplateCacheJson {
    const templates: TemplateJson[] = [];
    const options: OptionStateJson[] = [];
    for (const e of this.exporters.values()) {
      for (const d of e.domains.values()) for (const t of d.values()) templates.push(t.toJSON());
      for (const [domain, s] of e.options) {
        const o: OptionStateJson = { exporter: e.exporter, domain, samplers: [...s.samplers] };
        if (s.samplingRate !== undefined) o.samplingRate = s.samplingRate;
        if (s.systemInitMs !== undefined) o.systemInitMs = s.systemInitMs;
        options.push(o);
      }
    }
    return { format: 'podium.flows.templates/1', templates, options };
  }

  /**
   * Load state saved by export(). Entries are validated like templates off the wire;
   * invalid ones are skipped and counted in the returned `rejected`. Does not fire onChange.
   */
  import(json: unknown): { templates: number; options: number; rejected: number } {
    const r = { templates: 0, options: 0, rejected: 0 };
    if (!isObject(json) || json.format !== 'podium.flows.templates/1') {
      r.rejected++;
      return r;
    }
    const hook = this.onChange;
    this.onChange = undefined;
    try {
      for (const tj of Array.isArray(json.templates) ? json.templates : []) {
        const t = templateFromJson(tj, this.limits);
        if (!t) { r.rejected++; continue; }
        const res = this.put(t);
        if (res === 'limit') r.rejected++;
        else r.templates++;
      }
      for (const oj of Array.isArray(json.options) ? json.options : []) {
        if (!isObject(oj) || typeof oj.exporter !== 'string' || !isU32(oj.domain) || !Array.isArray(oj.samplers)) {
          r.rejected++;
          continue;
        }
        const e = this.exporter(oj.exporter);
        if (!e) { r.rejected++; continue; }
        const s = e.optionState(oj.domain, true);
        if (isRate(oj.samplingRate)) s.samplingRate = oj.samplingRate;
        if (typeof oj.systemInitMs === 'number' && Number.isFinite(oj.systemInitMs)) s.systemInitMs = oj.systemInitMs;
        for (const p of oj.samplers.slice(0, this.limits.maxTemplatesPerExporter)) {
          if (Array.isArray(p) && isU32(p[0]) && isRate(p[1])) s.samplers.set(p[0], p[1]);
        }
        r.options++;
      }
    } finally {
      this.onChange = hook;
    }
    return r;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function isU32(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff;
}
function isRate(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 0xffffffff;
}

/** Validation shared by the wire parsers and import(): returns a reason, or null when fine. */
export function checkTemplate(fields: readonly TemplateField[], limits: TemplateLimits): 'BAD_TEMPLATE' | 'TEMPLATE_LIMIT' | null {
  if (fields.length === 0) return 'BAD_TEMPLATE';
  if (fields.length > limits.maxFieldsPerTemplate) return 'TEMPLATE_LIMIT';
  let min = 0;
  for (const f of fields) min += f.length === VARLEN ? 1 : f.length;
  if (min === 0) return 'BAD_TEMPLATE';
  if (min > limits.maxRecordLength) return 'TEMPLATE_LIMIT';
  return null;
}

function templateFromJson(v: unknown, limits: TemplateLimits): Template | null {
  if (!isObject(v)) return null;
  const { exporter, domain, id, version, options, scopeCount, fields } = v;
  if (typeof exporter !== 'string' || !isU32(domain) || !isU32(id) || id > 0xffff) return null;
  if (version !== 9 && version !== 10) return null;
  if (typeof options !== 'boolean' || !isU32(scopeCount) || !Array.isArray(fields)) return null;
  const fs: TemplateField[] = [];
  for (const f of fields) {
    if (!Array.isArray(f) || !isU32(f[0]) || f[0] > 0xffff || !isU32(f[1]) || f[1] > 0xffff || !isU32(f[2])) return null;
    fs.push({ id: f[0], length: f[1], enterprise: f[2] });
  }
  if (checkTemplate(fs, limits) !== null || scopeCount > fs.length || (options && version === 10 && scopeCount === 0)) return null;
  if (version === 9 && fs.some((f) => f.enterprise !== 0)) return null;
  return new Template(exporter, domain, id, version, options, scopeCount, fs);
}
