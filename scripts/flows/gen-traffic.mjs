#!/usr/bin/env node
// Writes a deterministic traffic capture (classic pcap, Ethernet) for Podium's flow
// corpora: many hosts, ports and protocols (TCP, UDP, ICMP, ICMPv6), IPv4 and IPv6,
// some frames 802.1Q-tagged. Exporters (softflowd, pmacctd) read it and turn it into
// NetFlow v9 / IPFIX / sFlow datagrams.
//
//   node scripts/flows/gen-traffic.mjs --out FILE [--flows N] [--packets N] [--seed S]
//
// Same arguments, same bytes. Only Node built-ins.
import { openSync, writeSync, closeSync } from 'node:fs';

function parseArgs(argv) {
  const o = { out: '', flows: 2000, packets: 20000, seed: 1, start: Date.UTC(2026, 0, 15, 12, 0, 0) };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '--out') { o.out = v; i++; }
    else if (a === '--flows') { o.flows = Number(v); i++; }
    else if (a === '--packets') { o.packets = Number(v); i++; }
    else if (a === '--seed') { o.seed = Number(v); i++; }
    else throw new Error(`gen-traffic: unknown argument ${a}`);
  }
  if (!o.out) throw new Error('gen-traffic: --out FILE is required');
  return o;
}

// xorshift32: small, deterministic.
function rng(seed) {
  let s = (seed >>> 0) || 0x9e3779b9;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

function ipv4Checksum(buf, off) {
  let sum = 0;
  for (let i = 0; i < 20; i += 2) sum += (buf[off + i] << 8) | buf[off + i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function makeFlows(n, rand) {
  const flows = [];
  for (let i = 0; i < n; i++) {
    const v6 = rand() < 0.3;
    const r = rand();
    const proto = r < 0.55 ? 6 : r < 0.9 ? 17 : v6 ? 58 : 1;
    const host = (k) => 1 + Math.floor(rand() * k);
    const src = v6
      ? [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, host(200), host(250)]
      : [10, 1, host(40), host(250)];
    const dst = v6
      ? [0x20, 0x01, 0x0d, 0xb8, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, host(200), host(250)]
      : [192, 0, 2 + Math.floor(rand() * 2) * 196, host(250)]; // 192.0.2.x or 192.0.198.x (documentation/bench ranges)
    const services = [53, 80, 443, 123, 22, 8080, 5060, 3306];
    const sport = 1024 + Math.floor(rand() * 60000);
    const dport = services[Math.floor(rand() * services.length)];
    const vlan = rand() < 0.25 ? 100 + Math.floor(rand() * 3) : 0;
    const mac = (base) => [0x02, 0x00, base, host(250), host(250), host(250)];
    flows.push({
      v6, proto, src, dst, sport, dport, vlan,
      smac: mac(0xaa), dmac: mac(0xbb),
      tos: [0, 0, 0x28, 0xb8][Math.floor(rand() * 4)],
      icmpType: v6 ? 128 : 8,
      sent: 0,
    });
  }
  return flows;
}

function frame(f, seqInFlow, rand) {
  const payloadLen = f.proto === 6 ? (seqInFlow === 0 ? 0 : Math.floor(rand() * 1200)) : 16 + Math.floor(rand() * 400);
  const l4Len = f.proto === 6 ? 20 + payloadLen : 8 + payloadLen;
  const l3Len = (f.v6 ? 40 : 20) + l4Len;
  const l2Len = 14 + (f.vlan ? 4 : 0);
  const buf = new Uint8Array(l2Len + l3Len);
  const dv = new DataView(buf.buffer);
  buf.set(f.dmac, 0);
  buf.set(f.smac, 6);
  let o = 12;
  if (f.vlan) { dv.setUint16(o, 0x8100); dv.setUint16(o + 2, f.vlan); o += 4; }
  dv.setUint16(o, f.v6 ? 0x86dd : 0x0800); o += 2;
  const l3 = o;
  if (f.v6) {
    dv.setUint32(o, (6 << 28) | (f.tos << 20));
    dv.setUint16(o + 4, l4Len);
    buf[o + 6] = f.proto; buf[o + 7] = 64;
    buf.set(f.src, o + 8); buf.set(f.dst, o + 24);
    o += 40;
  } else {
    buf[o] = 0x45; buf[o + 1] = f.tos; dv.setUint16(o + 2, l3Len);
    dv.setUint16(o + 4, (f.sent * 7) & 0xffff); dv.setUint16(o + 6, 0x4000);
    buf[o + 8] = 64; buf[o + 9] = f.proto;
    buf.set(f.src, o + 12); buf.set(f.dst, o + 16);
    dv.setUint16(o + 10, ipv4Checksum(buf, l3));
    o += 20;
  }
  if (f.proto === 6) {
    dv.setUint16(o, f.sport); dv.setUint16(o + 2, f.dport);
    dv.setUint32(o + 4, 1000 + seqInFlow * 1400);
    buf[o + 12] = 5 << 4;
    buf[o + 13] = seqInFlow === 0 ? 0x02 : rand() < 0.5 ? 0x18 : 0x10;
    dv.setUint16(o + 14, 65535);
  } else if (f.proto === 17) {
    dv.setUint16(o, f.sport); dv.setUint16(o + 2, f.dport); dv.setUint16(o + 4, l4Len);
  } else {
    buf[o] = f.icmpType; buf[o + 1] = 0;
    dv.setUint16(o + 4, f.sport); dv.setUint16(o + 6, seqInFlow);
  }
  for (let i = l2Len + l3Len - payloadLen; i < buf.length; i++) buf[i] = (i * 31) & 0xff;
  return buf;
}

export function generate(opts) {
  const rand = rng(opts.seed);
  const flows = makeFlows(opts.flows, rand);
  const fd = openSync(opts.out, 'w');
  const gh = new DataView(new ArrayBuffer(24));
  gh.setUint32(0, 0xa1b2c3d4, true); gh.setUint16(4, 2, true); gh.setUint16(6, 4, true);
  gh.setUint32(16, 65535, true); gh.setUint32(20, 1, true);
  writeSync(fd, new Uint8Array(gh.buffer));
  let tUs = opts.start * 1000;
  const rh = new DataView(new ArrayBuffer(16));
  for (let p = 0; p < opts.packets; p++) {
    // Every flow gets at least one packet; then a skewed choice (a few heavy flows).
    const idx = p < flows.length ? p : Math.floor(Math.pow(rand(), 2) * flows.length);
    const f = flows[idx];
    const fr = frame(f, f.sent, rand);
    f.sent++;
    tUs += 50 + Math.floor(rand() * 400);
    rh.setUint32(0, Math.floor(tUs / 1e6), true);
    rh.setUint32(4, tUs % 1e6, true);
    rh.setUint32(8, fr.length, true);
    rh.setUint32(12, fr.length, true);
    writeSync(fd, new Uint8Array(rh.buffer));
    writeSync(fd, fr);
  }
  closeSync(fd);
  return { flows: flows.length, packets: opts.packets, endUs: tUs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const o = parseArgs(process.argv.slice(2));
  const r = generate(o);
  console.log(`gen-traffic: ${r.packets} packets, ${r.flows} flows → ${o.out}`);
}
