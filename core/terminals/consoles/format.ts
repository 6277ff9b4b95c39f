// Formatting shared by the device styles.
import type { DeviceState, PingAnswer } from './state.js';

export function splitPrefix(prefix: string): { net: string; len: number } {
  const [net, len] = prefix.split('/');
  return { net: net ?? '0.0.0.0', len: Number(len ?? 32) };
}

/** 52:54:00:12:34:56 → 5254.0012.3456 (Cisco's way). */
export function ciscoMac(mac: string | null | undefined): string {
  const hex = (mac ?? '')
    .replace(/[^0-9a-fA-F]/g, '')
    .toLowerCase()
    .padEnd(12, '0')
    .slice(0, 12);
  return `${hex.slice(0, 4)}.${hex.slice(4, 8)}.${hex.slice(8, 12)}`;
}

export function pad(s: string | number, n: number): string {
  const t = String(s);
  return t.length >= n ? t + ' ' : t + ' '.repeat(n - t.length);
}

/** "2 days, 3 hours, 4 minutes" (IOS) */
export function uptimeWords(s: number): string {
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (d) parts.push(`${d} day${d === 1 ? '' : 's'}`);
  if (h) parts.push(`${h} hour${h === 1 ? '' : 's'}`);
  parts.push(`${m} minute${m === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** "1d02h", "03:04:05" (IOS session uptime) */
export function uptimeShort(s: number | null | undefined): string {
  if (s === null || s === undefined) return '-';
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = Math.floor(s % 60);
  const two = (x: number) => String(x).padStart(2, '0');
  return d ? `${d}d${two(h)}h` : `${two(h)}:${two(m)}:${two(sec)}`;
}

/** IOS / ASA ping output. */
export function ciscoPing(dest: string, count: number, a: PingAnswer): string {
  const ok = a.replies.filter((r): r is number => r !== null);
  const marks = a.replies.map((r) => (r === null ? (a.unroutable ? 'U' : '.') : '!')).join('');
  const lines = ['Type escape sequence to abort.', `Sending ${count}, 100-byte ICMP Echos to ${dest}, timeout is 2 seconds:`, marks];
  const pct = Math.round((ok.length / count) * 100);
  if (ok.length) {
    const avg = Math.round(ok.reduce((x, y) => x + y, 0) / ok.length);
    lines.push(`Success rate is ${pct} percent (${ok.length}/${count}), round-trip min/avg/max = ${Math.min(...ok)}/${avg}/${Math.max(...ok)} ms`);
  } else lines.push(`Success rate is 0 percent (0/${count})`);
  return lines.join('\n');
}

/** Linux iputils ping output. */
export function linuxPing(dest: string, count: number, a: PingAnswer, from: string | null): string {
  const lines = [`PING ${dest} (${dest}) 56(84) bytes of data.`];
  a.replies.forEach((r, i) => {
    if (r !== null) lines.push(`64 bytes from ${dest}: icmp_seq=${i + 1} ttl=64 time=${r.toFixed(2)} ms`);
    else if (a.unroutable) lines.push(`From ${from ?? dest} icmp_seq=${i + 1} Destination Host Unreachable`);
  });
  const ok = a.replies.filter((r): r is number => r !== null);
  lines.push('', `--- ${dest} ping statistics ---`);
  lines.push(
    `${count} packets transmitted, ${ok.length} received, ${Math.round(((count - ok.length) / count) * 100)}% packet loss, time ${(count - 1) * 1000}ms`,
  );
  if (ok.length) {
    const avg = ok.reduce((x, y) => x + y, 0) / ok.length;
    lines.push(`rtt min/avg/max/mdev = ${Math.min(...ok).toFixed(3)}/${avg.toFixed(3)}/${Math.max(...ok).toFixed(3)}/0.000 ms`);
  }
  return lines.join('\n');
}

/** The device's first up address (the source of pings). */
export function primaryAddress(st: DeviceState): string | null {
  return st.interfaces.find((i) => i.ip && i.operUp)?.ip ?? null;
}

export function caret(promptLen: number, at: number): string {
  return ' '.repeat(promptLen + at) + '^';
}
