// NetFlow v9 (RFC 3954) and IPFIX (RFC 7011) share their shape: a header, then sets
// (flowsets) of templates, options templates and data. This module decodes both.
//
// Partly decodable datagrams: each set is framed by its own length, so a set whose
// content is bad (malformed template, record crossing the set end, unknown template) is
// counted and skipped, and decoding goes on with the next set. A set whose header lies
// (length < 4 or past the datagram end) ends the datagram: records decoded before it
// are kept, the error is counted.
import { decodeError, DecodeErrorCode, MAX_ERRORS_PER_DATAGRAM } from './errors.js';
import type { DecodeError, DecodeResult } from './errors.js';
import { finishDatagram } from './context.js';
import type { DecodeContext } from './context.js';
import type { ExporterStats } from './stats.js';
import { checkTemplate, K, readUint as readUintImported, Template, VARLEN as VARLEN_IMPORTED } from './templates.js';
import type { ExporterTemplates, TemplateField } from './templates.js';
import { Direction as DirectionImported, FlowSource as FlowSourceImported, RowFlag as RowFlagImported } from '../record.js';
import type { FlowBatch } from '../record.js';

// Hot-path constants and helpers bound locally once (module-local bindings stay fast
// under every loader, including test transforms that turn imports into getters).
const { SKIP: K_SKIP, BYTES: K_BYTES, PKTS: K_PKTS, PROTO: K_PROTO, TOS: K_TOS, TCPFLAGS: K_TCPFLAGS, SRCPORT: K_SRCPORT, DSTPORT: K_DSTPORT, SRC4: K_SRC4, DST4: K_DST4, SRC6: K_SRC6, DST6: K_DST6, INIF: K_INIF, OUTIF: K_OUTIF, FIRST_UP: K_FIRST_UP, LAST_UP: K_LAST_UP, START_S: K_START_S, END_S: K_END_S, START_MS: K_START_MS, END_MS: K_END_MS, START_NTP: K_START_NTP, END_NTP: K_END_NTP, START_DELTA_US: K_START_DELTA_US, END_DELTA_US: K_END_DELTA_US, ICMP_TC: K_ICMP_TC, ICMP_TYPE: K_ICMP_TYPE, ICMP_CODE: K_ICMP_CODE, SRCMAC: K_SRCMAC, DSTMAC: K_DSTMAC, VLAN: K_VLAN, DIRECTION: K_DIRECTION, DSCP: K_DSCP, SAMPLER_ID: K_SAMPLER_ID, SAMPLING_INTERVAL: K_SAMPLING_INTERVAL } = K;
const readUint = readUintImported;
const VARLEN = VARLEN_IMPORTED;
const Direction = DirectionImported;
const FlowSource = FlowSourceImported;
const RowFlag = RowFlagImported;

const TWO32 = 4294967296;
const NTP_UNIX_OFFSET_S = 2208988800;

/** Header facts every record of the datagram needs. */
interface MessageInfo {
  version: 9 | 10;
  domain: number;
  /** Export time, ms since epoch. */
  exportMs: number;
  /** v9: sysUptime in ms (header); IPFIX: -1. */
  sysUptime: number;
  exporterId: number;
  templates: ExporterTemplates | undefined;
  override: number | undefined;
  /** Data records decoded (flow + options), and flow records alone, for IPFIX sequence follow-up. */
  dataRecords: number;
  flowRecords: number;
  /** A data set could not be counted (unknown template): sequence follow-up restarts. */
  uncounted: boolean;
  /** The last data set's template (exporters often send one record per set): -1 none. */
  lastSetId: number;
  lastTemplate: Template | undefined;
}

export function decodeNetflowV9(bytes: Uint8Array, ctx: DecodeContext, batch: FlowBatch): DecodeResult {
  return decodeTemplated(bytes, ctx, batch, 9);
}

export function decodeIpfix(bytes: Uint8Array, ctx: DecodeContext, batch: FlowBatch): DecodeResult {
  return decodeTemplated(bytes, ctx, batch, 10);
}

function decodeTemplated(b: Uint8Array, ctx: DecodeContext, batch: FlowBatch, version: 9 | 10): DecodeResult {
  const st = ctx.stats.exporter(ctx.exporter);
  const errors: DecodeError[] = [];
  const before = batch.length;
  const headerLen = version === 9 ? 20 : 16;
  let end = b.length;
  if (b.length < headerLen) {
    errors.push(decodeError(DecodeErrorCode.TRUNCATED, b.length, `datagram shorter than the ${headerLen}-byte header`));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  const ver = (b[0]! << 8) | b[1]!;
  if (ver !== version) {
    errors.push(decodeError(DecodeErrorCode.BAD_VERSION, 0, `version ${ver}, expected ${version}`));
    return finishDatagram(ctx, st, batch, before, errors);
  }
  let exportMs: number;
  let sysUptime = -1;
  let seq: number;
  let domain: number;
  if (version === 9) {
    sysUptime = readUint(b, 4, 4);
    exportMs = readUint(b, 8, 4) * 1000;
    seq = readUint(b, 12, 4);
    domain = readUint(b, 16, 4);
  } else {
    const len = (b[2]! << 8) | b[3]!;
    if (len < 16 || len > b.length) {
      errors.push(decodeError(len > b.length ? DecodeErrorCode.TRUNCATED : DecodeErrorCode.BAD_LENGTH, 2,
        `message length ${len}, datagram ${b.length}`));
      return finishDatagram(ctx, st, batch, before, errors);
    }
    end = len;
    exportMs = readUint(b, 4, 4) * 1000;
    seq = readUint(b, 8, 4);
    domain = readUint(b, 12, 4);
  }
  const m: MessageInfo = {
    version, domain, exportMs, sysUptime,
    exporterId: batch.exporterId(ctx.exporter),
    templates: ctx.templates.peek(ctx.exporter),
    override: ctx.samplingOverride?.get(ctx.exporter),
    dataRecords: 0,
    flowRecords: 0,
    uncounted: false,
    lastSetId: -1,
    lastTemplate: undefined,
  };
  let o = headerLen;
  while (end - o >= 4) {
    const setId = (b[o]! << 8) | b[o + 1]!;
    const setLen = (b[o + 2]! << 8) | b[o + 3]!;
    if (setLen < 4 || o + setLen > end) {
      errors.push(decodeError(setLen < 4 ? DecodeErrorCode.BAD_LENGTH : DecodeErrorCode.TRUNCATED, o + 2,
        `set ${setId} length ${setLen} at ${o}, ${end - o} bytes left`));
      break;
    }
    const body = o + 4;
    const setEnd = o + setLen;
    if (setId >= 256) {
      decodeDataSet(b, body, setEnd, setId, m, ctx, st, batch, errors);
    } else if ((version === 9 && setId === 0) || (version === 10 && setId === 2)) {
      m.lastSetId = -1;
      parseTemplateSet(b, body, setEnd, m, ctx, st, errors, false);
    } else if ((version === 9 && setId === 1) || (version === 10 && setId === 3)) {
      m.lastSetId = -1;
      parseTemplateSet(b, body, setEnd, m, ctx, st, errors, true);
    } else {
      errors.push(decodeError(DecodeErrorCode.BAD_SET, o, `reserved set id ${setId}`));
    }
    o = setEnd;
    if (errors.length >= MAX_ERRORS_PER_DATAGRAM) {
      errors.push(decodeError(DecodeErrorCode.BAD_SET, o, `${errors.length} errors: rest of the datagram skipped`));
      break;
    }
  }
  if (o < end && end - o < 4 && version === 10) {
    // IPFIX sets fill the message exactly; v9 may carry trailing padding.
    errors.push(decodeError(DecodeErrorCode.BAD_LENGTH, o, `${end - o} stray bytes after the last set`));
  }
  // Sequence follow-up.
  if (version === 9) {
    const lost = st.sequence.observe(domain, 0, seq, 1, st.counters);
    st.counters.lostDatagrams += lost;
  } else if (m.uncounted) {
    st.ipfixSequence.forget(domain);
  } else {
    st.counters.lostRecords += st.ipfixSequence.observe(domain, seq, m.dataRecords, m.flowRecords, st.counters);
  }
  return finishDatagram(ctx, st, batch, before, errors);
}

// ---------------------------------------------------------------------------------
// Templates

function parseTemplateSet(
  b: Uint8Array, start: number, end: number, m: MessageInfo, ctx: DecodeContext, st: ExporterStats,
  errors: DecodeError[], options: boolean,
): void {
  const v9 = m.version === 9;
  const limits = ctx.templates.limits;
  let o = start;
  // Anything shorter than a record header is padding.
  while (end - o >= (options && v9 ? 6 : 4)) {
    const recStart = o;
    const id = (b[o]! << 8) | b[o + 1]!;
    const count = (b[o + 2]! << 8) | b[o + 3]!;
    o += 4;
    if (!v9 && count === 0) {
      // IPFIX template withdrawal (RFC 7011 §8.1): id 2 (data) / 3 (options) = all of that kind.
      if (id === 2 || id === 3) {
        st.counters.templateWithdrawals += ctx.templates.withdrawAll(ctx.exporter, m.domain, id === 3);
      } else if (id >= 256) {
        if (ctx.templates.withdraw(ctx.exporter, m.domain, id)) st.counters.templateWithdrawals++;
      } else {
        errors.push(decodeError(DecodeErrorCode.BAD_TEMPLATE, recStart, `withdrawal of reserved template id ${id}`));
        return;
      }
      m.templates = ctx.templates.peek(ctx.exporter);
      continue;
    }
    if (id < 256) {
      errors.push(decodeError(DecodeErrorCode.BAD_TEMPLATE, recStart, `template id ${id} < 256`));
      return;
    }
    let scopeCount = 0;
    let fieldCount = count;
    if (options) {
      if (v9) {
        // v9: id, option scope length (bytes), option length (bytes).
        if (end - o < 2) {
          errors.push(decodeError(DecodeErrorCode.TRUNCATED, o, 'options template header'));
          return;
        }
        const scopeLen = count;
        const optLen = (b[o]! << 8) | b[o + 1]!;
        o += 2;
        if (scopeLen % 4 !== 0 || optLen % 4 !== 0 || scopeLen + optLen === 0) {
          errors.push(decodeError(DecodeErrorCode.BAD_TEMPLATE, recStart, `options scope/option lengths ${scopeLen}/${optLen}`));
          return;
        }
        scopeCount = scopeLen / 4;
        fieldCount = (scopeLen + optLen) / 4;
      } else {
        if (end - o < 2) {
          errors.push(decodeError(DecodeErrorCode.TRUNCATED, o, 'options template header'));
          return;
        }
        scopeCount = (b[o]! << 8) | b[o + 1]!;
        o += 2;
        if (scopeCount === 0 || scopeCount > fieldCount) {
          errors.push(decodeError(DecodeErrorCode.BAD_TEMPLATE, recStart, `scope field count ${scopeCount} of ${fieldCount}`));
          return;
        }
      }
    }
    if (fieldCount > limits.maxFieldsPerTemplate) {
      errors.push(decodeError(DecodeErrorCode.TEMPLATE_LIMIT, recStart, `${fieldCount} fields > ${limits.maxFieldsPerTemplate}`));
      return;
    }
    // Smallest possible size of the field specifiers: refuse lies before allocating.
    if (end - o < fieldCount * 4) {
      errors.push(decodeError(DecodeErrorCode.TRUNCATED, o, `template ${id}: ${fieldCount} fields need ${fieldCount * 4} bytes, ${end - o} left`));
      return;
    }
    // Exporters resend their templates often: when the wire bytes match the template we
    // hold, skip re-parsing it.
    const known = m.templates?.get(m.domain, id);
    if (known && known.options === options && known.scopeCount === scopeCount && known.fieldCount === fieldCount) {
      const after = sameFields(b, o, end, known, v9);
      if (after > 0) {
        o = after;
        st.counters.templates++;
        continue;
      }
    }
    const fields: TemplateField[] = new Array<TemplateField>(fieldCount);
    for (let i = 0; i < fieldCount; i++) {
      if (end - o < 4) {
        errors.push(decodeError(DecodeErrorCode.TRUNCATED, o, `template ${id} field ${i}`));
        return;
      }
      let fid = (b[o]! << 8) | b[o + 1]!;
      const flen = (b[o + 2]! << 8) | b[o + 3]!;
      o += 4;
      let pen = 0;
      if (!v9 && fid & 0x8000) {
        if (end - o < 4) {
          errors.push(decodeError(DecodeErrorCode.TRUNCATED, o, `template ${id} field ${i} enterprise number`));
          return;
        }
        fid &= 0x7fff;
        pen = readUint(b, o, 4);
        o += 4;
      }
      fields[i] = { id: fid, length: flen, enterprise: pen };
    }
    const bad = checkTemplate(fields, limits);
    if (bad) {
      errors.push(decodeError(DecodeErrorCode[bad], recStart, `template ${id}: ${bad === 'TEMPLATE_LIMIT' ? 'record length over the limit' : 'empty record'}`));
      continue;
    }
    const t = new Template(ctx.exporter, m.domain, id, m.version, options, scopeCount, fields);
    const res = ctx.templates.put(t);
    if (res === 'limit') {
      errors.push(decodeError(DecodeErrorCode.TEMPLATE_LIMIT, recStart, `exporter holds ${ctx.templates.size(ctx.exporter)} templates`));
      continue;
    }
    st.counters.templates++;
    m.templates = ctx.templates.peek(ctx.exporter);
  }
}

/** If the field specifiers at `o` equal `t`'s, the offset after them; else -1. */
function sameFields(b: Uint8Array, o: number, end: number, t: Template, v9: boolean): number {
  for (let i = 0; i < t.fieldCount; i++) {
    const f = t.fields[i]!;
    if (end - o < 4) return -1;
    let fid = (b[o]! << 8) | b[o + 1]!;
    const len = (b[o + 2]! << 8) | b[o + 3]!;
    o += 4;
    let pen = 0;
    if (!v9 && fid & 0x8000) {
      if (end - o < 4) return -1;
      fid &= 0x7fff;
      pen = readUint(b, o, 4);
      o += 4;
    }
    if (fid !== f.id || len !== f.length || pen !== f.enterprise) return -1;
  }
  return o;
}

// ---------------------------------------------------------------------------------
// Data

function decodeDataSet(
  b: Uint8Array, start: number, end: number, setId: number, m: MessageInfo, ctx: DecodeContext,
  st: ExporterStats, batch: FlowBatch, errors: DecodeError[],
): void {
  let t: Template | undefined;
  if (setId === m.lastSetId) t = m.lastTemplate;
  else {
    t = m.templates?.get(m.domain, setId);
    m.lastSetId = setId;
    m.lastTemplate = t;
  }
  if (!t) {
    st.counters.unknownTemplateSets++;
    st.counters.unknownTemplateBytes += end - start + 4;
    // One UNKNOWN_TEMPLATE error per datagram; the sets are counted in unknownTemplateSets.
    if (!m.uncounted) errors.push(decodeError(DecodeErrorCode.UNKNOWN_TEMPLATE, start - 4, `no template ${setId} for domain ${m.domain}`));
    m.uncounted = true;
    return;
  }
  if (t.options) {
    decodeOptionsRecords(b, start, end, t, m, ctx, st, errors);
    return;
  }
  const n = t.fieldCount;
  const kinds = t.kinds;
  const lens = t.lengths;
  const minLen = t.minLength;
  const fixed = t.fixedLength;
  const opt = m.templates!.optionState(m.domain);
  const setRate = m.override ?? opt?.samplingRate ?? 1;
  const isV9 = m.version === 9;
  const exportMs = m.exportMs;
  const sysUptime = m.sysUptime;
  const initMs = isV9 ? exportMs - sysUptime : opt?.systemInitMs;
  const source = isV9 ? FlowSource.NetflowV9 : FlowSource.Ipfix;
  const extrasRef = t.hasExtras ? batch.addExtrasRef(b, t) : -1;
  const rowFlagsBase = t.hasExtras ? RowFlag.HasExtras : 0;
  const exporterId = m.exporterId;
  const domain = m.domain;
  // A record that sets only one MAC leaves the other slot stale: known per template.
  const clearSrcMac = !t.hasSrcMac;
  const clearDstMac = !t.hasDstMac;
  if (fixed > 0) batch.ensure(Math.floor((end - start) / fixed));
  let o = start;
  while (end - o >= minLen) {
    if (batch.length >= batch.capacity) batch.ensure(1);
    const row = batch.length;
    const recStart = o;
    let bytes = 0, pkts = 0, proto = 0, tos = 0, dscp = -1, tcpFlags = 0, srcPort = 0, dstPort = 0;
    let inIf = 0, outIf = 0, family = 0, direction: number = Direction.Unknown, flags = rowFlagsBase;
    let vlan = 0, icmpTc = -1, icmpType = -1, icmpCode = -1, samplerId = -1, recRate = 0;
    let startUp = -1, endUp = -1, startAbs = NaN, endAbs = NaN, startDelta = -1, endDelta = -1;
    let ok = true;
    for (let f = 0; f < n; f++) {
      let len = lens[f]!;
      if (len === VARLEN) {
        if (o >= end) { ok = false; break; }
        len = b[o]!;
        o++;
        if (len === 255) {
          if (end - o < 2) { ok = false; break; }
          len = (b[o]! << 8) | b[o + 1]!;
          o += 2;
        }
      }
      if (end - o < len) { ok = false; break; }
      switch (kinds[f]) {
        case K_SKIP: break;
        case K_BYTES: bytes = readUint(b, o, len); break;
        case K_PKTS: pkts = readUint(b, o, len); break;
        case K_PROTO: proto = b[o + len - 1]!; break;
        case K_TOS: tos = b[o + len - 1]!; break;
        case K_DSCP: dscp = b[o + len - 1]! & 0x3f; break;
        case K_TCPFLAGS: tcpFlags = readUint(b, o, len) & 0xffff; break;
        case K_SRCPORT: srcPort = readUint(b, o, len) & 0xffff; break;
        case K_DSTPORT: dstPort = readUint(b, o, len) & 0xffff; break;
        case K_SRC4: {
          const a = row * 16, s = batch.srcAddr;
          s[a] = 0; s[a + 1] = 0; s[a + 2] = 0; s[a + 3] = 0; s[a + 4] = 0; s[a + 5] = 0; s[a + 6] = 0; s[a + 7] = 0;
          s[a + 8] = 0; s[a + 9] = 0; s[a + 10] = 0xff; s[a + 11] = 0xff;
          s[a + 12] = b[o]!; s[a + 13] = b[o + 1]!; s[a + 14] = b[o + 2]!; s[a + 15] = b[o + 3]!;
          family = 4;
          break;
        }
        case K_DST4: {
          const a = row * 16, s = batch.dstAddr;
          s[a] = 0; s[a + 1] = 0; s[a + 2] = 0; s[a + 3] = 0; s[a + 4] = 0; s[a + 5] = 0; s[a + 6] = 0; s[a + 7] = 0;
          s[a + 8] = 0; s[a + 9] = 0; s[a + 10] = 0xff; s[a + 11] = 0xff;
          s[a + 12] = b[o]!; s[a + 13] = b[o + 1]!; s[a + 14] = b[o + 2]!; s[a + 15] = b[o + 3]!;
          family = 4;
          break;
        }
        case K_SRC6: { const s = batch.srcAddr, a = row * 16; for (let k = 0; k < 16; k++) s[a + k] = b[o + k]!; family = 6; break; }
        case K_DST6: { const s = batch.dstAddr, a = row * 16; for (let k = 0; k < 16; k++) s[a + k] = b[o + k]!; family = 6; break; }
        case K_INIF: inIf = readUint(b, o, len); break;
        case K_OUTIF: outIf = readUint(b, o, len); break;
        case K_FIRST_UP: startUp = readUint(b, o, len); break;
        case K_LAST_UP: endUp = readUint(b, o, len); break;
        case K_START_S: startAbs = readUint(b, o, len) * 1000; break;
        case K_END_S: endAbs = readUint(b, o, len) * 1000; break;
        case K_START_MS: startAbs = readUint(b, o, len); break;
        case K_END_MS: endAbs = readUint(b, o, len); break;
        case K_START_NTP: startAbs = ntpMs(b, o); break;
        case K_END_NTP: endAbs = ntpMs(b, o); break;
        case K_START_DELTA_US: startDelta = readUint(b, o, len); break;
        case K_END_DELTA_US: endDelta = readUint(b, o, len); break;
        case K_ICMP_TC: icmpTc = readUint(b, o, len) & 0xffff; break;
        case K_ICMP_TYPE: icmpType = b[o + len - 1]!; break;
        case K_ICMP_CODE: icmpCode = b[o + len - 1]!; break;
        case K_SRCMAC: {
          const a = row * 6, s = batch.srcMac;
          s[a] = b[o]!; s[a + 1] = b[o + 1]!; s[a + 2] = b[o + 2]!; s[a + 3] = b[o + 3]!; s[a + 4] = b[o + 4]!; s[a + 5] = b[o + 5]!;
          flags |= RowFlag.HasMac;
          break;
        }
        case K_DSTMAC: {
          const a = row * 6, s = batch.dstMac;
          s[a] = b[o]!; s[a + 1] = b[o + 1]!; s[a + 2] = b[o + 2]!; s[a + 3] = b[o + 3]!; s[a + 4] = b[o + 4]!; s[a + 5] = b[o + 5]!;
          flags |= RowFlag.HasMac;
          break;
        }
        case K_VLAN: vlan = readUint(b, o, len) & 0xfff; break;
        case K_DIRECTION: direction = b[o + len - 1]! === 1 ? Direction.Egress : b[o + len - 1]! === 0 ? Direction.Ingress : Direction.Unknown; break;
        case K_SAMPLER_ID: samplerId = readUint(b, o, len); break;
        case K_SAMPLING_INTERVAL: recRate = readUint(b, o, len); break;
      }
      o += len;
    }
    if (!ok) {
      errors.push(decodeError(DecodeErrorCode.TRUNCATED, recStart, `record of template ${setId} crosses the set end`));
      return;
    }
    // A record that set only one MAC leaves the other slot stale: clear it.
    if (flags & RowFlag.HasMac) {
      if (clearSrcMac) batch.srcMac.fill(0, row * 6, row * 6 + 6);
      if (clearDstMac) batch.dstMac.fill(0, row * 6, row * 6 + 6);
    }
    if (family === 0) {
      batch.srcAddr.fill(0, row * 16, row * 16 + 16);
      batch.dstAddr.fill(0, row * 16, row * 16 + 16);
    }
    // Times.
    let s: number, e: number;
    if (startAbs === startAbs && endAbs === endAbs) { s = startAbs; e = endAbs; }
    else if (startUp >= 0 || endUp >= 0) {
      if (isV9) {
        s = startUp >= 0 ? exportMs - ((sysUptime - startUp) | 0) : NaN;
        e = endUp >= 0 ? exportMs - ((sysUptime - endUp) | 0) : NaN;
      } else if (initMs !== undefined) {
        s = startUp >= 0 ? unwrapUptime(initMs, startUp, exportMs) : NaN;
        e = endUp >= 0 ? unwrapUptime(initMs, endUp, exportMs) : NaN;
      } else { s = NaN; e = NaN; }
      if (s !== s) s = e;
      if (e !== e) e = s;
      if (s !== s) { s = exportMs; e = exportMs; flags |= RowFlag.TimeEstimated; }
    } else if (startDelta >= 0 || endDelta >= 0) {
      s = startDelta >= 0 ? exportMs - startDelta / 1000 : exportMs - endDelta / 1000;
      e = endDelta >= 0 ? exportMs - endDelta / 1000 : s;
    } else if (startAbs === startAbs || endAbs === endAbs) {
      s = startAbs === startAbs ? startAbs : endAbs;
      e = endAbs === endAbs ? endAbs : startAbs;
    } else { s = exportMs; e = exportMs; flags |= RowFlag.TimeEstimated; }
    // ICMP type/code travel in the destination port.
    if (proto === 1 || proto === 58) {
      if (icmpTc >= 0) { srcPort = 0; dstPort = icmpTc; }
      else if (icmpType >= 0) { srcPort = 0; dstPort = (icmpType << 8) | (icmpCode >= 0 ? icmpCode : 0); }
    }
    let rate = setRate;
    if (m.override === undefined) {
      if (samplerId >= 0) {
        const r = opt?.samplers.get(samplerId);
        if (r !== undefined) rate = r;
      }
      if (recRate > 0) rate = recRate;
    }
    if (vlan !== 0) flags |= RowFlag.HasVlan;
    batch.startMs[row] = s;
    batch.endMs[row] = e;
    batch.bytes[row] = bytes;
    batch.packets[row] = pkts;
    batch.bytesScaled[row] = bytes * rate;
    batch.packetsScaled[row] = pkts * rate;
    batch.exporter[row] = exporterId;
    batch.domain[row] = domain;
    batch.inIf[row] = inIf;
    batch.outIf[row] = outIf;
    batch.samplingRate[row] = rate;
    batch.family[row] = family;
    batch.srcPort[row] = srcPort;
    batch.dstPort[row] = dstPort;
    batch.proto[row] = proto;
    batch.tcpFlags[row] = tcpFlags;
    batch.dscp[row] = dscp >= 0 ? dscp : tos >>> 2;
    batch.vlan[row] = vlan;
    batch.direction[row] = direction;
    batch.source[row] = source;
    batch.flags[row] = flags;
    batch.extraRef[row] = extrasRef;
    batch.extraOffset[row] = recStart;
    batch.length = row + 1;
    m.dataRecords++;
    m.flowRecords++;
  }
}

/** NTP timestamp (RFC 7011 dateTimeMicro/Nanoseconds) → ms since the Unix epoch. */
function ntpMs(b: Uint8Array, o: number): number {
  const sec = readUint(b, o, 4);
  const frac = readUint(b, o + 4, 4);
  return (sec - NTP_UNIX_OFFSET_S) * 1000 + (frac / TWO32) * 1000;
}

/**
 * IPFIX flowStart/EndSysUpTime (32-bit ms since systemInitTime) → absolute ms. The
 * uptime counter wraps every 2^32 ms (≈ 49.7 days): take the wrap count that puts the
 * time closest to (not far after) the export time.
 */
export function unwrapUptime(initMs: number, uptime: number, exportMs: number): number {
  const base = initMs + uptime;
  const behind = exportMs - base;
  if (behind <= TWO32 / 2) return base;
  return base + Math.round(behind / TWO32) * TWO32;
}

// ---------------------------------------------------------------------------------
// Options data: sampling and system init time.

function decodeOptionsRecords(
  b: Uint8Array, start: number, end: number, t: Template, m: MessageInfo, ctx: DecodeContext,
  st: ExporterStats, errors: DecodeError[],
): void {
  const n = t.fieldCount;
  const skipScope = m.version === 9 ? t.scopeCount : 0; // v9 scope fields are scope types, not IEs
  let o = start;
  while (end - o >= t.minLength) {
    const recStart = o;
    let samplerId = -1, interval = -1, randomInterval = -1, pktInterval = -1, pktSpace = -1;
    let size = -1, population = -1, initMs = -1;
    for (let f = 0; f < n; f++) {
      const fd = t.fields[f]!;
      let len = fd.length;
      if (len === VARLEN) {
        if (o >= end) { errors.push(decodeError(DecodeErrorCode.TRUNCATED, recStart, 'options record')); return; }
        len = b[o]!;
        o++;
        if (len === 255) {
          if (end - o < 2) { errors.push(decodeError(DecodeErrorCode.TRUNCATED, recStart, 'options record')); return; }
          len = (b[o]! << 8) | b[o + 1]!;
          o += 2;
        }
      }
      if (end - o < len) {
        errors.push(decodeError(DecodeErrorCode.TRUNCATED, recStart, `options record of template ${t.id} crosses the set end`));
        return;
      }
      if (f >= skipScope && fd.enterprise === 0 && len >= 1 && len <= 8) {
        const v = readUint(b, o, len);
        switch (fd.id) {
          case 48: case 302: samplerId = v; break;
          case 34: interval = v; break;
          case 50: randomInterval = v; break;
          case 305: pktInterval = v; break;
          case 306: pktSpace = v; break;
          case 309: size = v; break;
          case 310: population = v; break;
          case 160: initMs = v; break;
        }
      }
      o += len;
    }
    st.counters.optionRecords++;
    m.dataRecords++;
    let rate = -1;
    if (randomInterval > 0) rate = randomInterval;
    else if (interval > 0) rate = interval;
    else if (pktInterval > 0 && pktSpace >= 0) rate = Math.round((pktInterval + pktSpace) / pktInterval);
    else if (size > 0 && population > 0) rate = Math.round(population / size);
    if (rate > 0xffffffff) rate = 0xffffffff;
    if (rate > 0 || initMs >= 0) {
      const e = ctx.templates.exporter(ctx.exporter);
      if (!e) continue;
      const s = e.optionState(m.domain, true);
      let changed = false;
      if (rate > 0) {
        if (samplerId >= 0) {
          if (s.samplers.get(samplerId) !== rate && s.samplers.size < ctx.templates.limits.maxTemplatesPerExporter) {
            s.samplers.set(samplerId, rate);
            changed = true;
          }
        } else if (s.samplingRate !== rate) {
          s.samplingRate = rate;
          changed = true;
        }
      }
      if (initMs >= 0 && s.systemInitMs !== initMs) {
        s.systemInitMs = initMs;
        changed = true;
      }
      if (changed) ctx.templates.optionsChanged(ctx.exporter, m.domain);
    }
  }
}
