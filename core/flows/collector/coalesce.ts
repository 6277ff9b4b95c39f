// Fewer wake-ups per datagram. A socket that is read whenever it becomes readable wakes
// its thread for nearly every datagram at moderate rates: on loopback that wake-up (epoll,
// a context switch, libuv's loop turn) costs more CPU than reading the datagram. Here,
// once a loop turn has drained the socket (libuv reads up to 32 datagrams per turn, so
// fewer means the queue ran dry), reading stops for PAUSE_MS while the kernel queues what
// arrives; then the backlog is read in one go. The socket buffer holds far more than a
// pause's worth of datagrams (8 MiB ≈ 7,000 datagrams ≈ 130 ms at 1 M records/s), and
// flows are aggregated per second, so the pause costs nothing but ≤ PAUSE_MS of latency.
//
// Node's dgram has no public way to stop and restart reading; this uses the socket's
// handle (`recvStop`/`recvStart`, what dgram itself calls). Where that handle cannot be
// found the socket is left as it is (reading whenever readable).
import type { Socket } from 'node:dgram';

interface UdpHandle {
  recvStart(): number;
  recvStop(): number;
}

/** libuv's reads per loop turn (uv__udp_recvmsg). */
const READS_PER_TURN = 32;
const PAUSE_MS = 1;

function handleOf(sock: Socket): (() => UdpHandle | null) | null {
  const sym = Object.getOwnPropertySymbols(sock).find((s) => s.description === 'state symbol');
  if (!sym) return null;
  const state = (sock as unknown as Record<symbol, { handle?: unknown } | undefined>)[sym];
  const h = state?.handle as Partial<UdpHandle> | undefined;
  if (!h || typeof h.recvStart !== 'function' || typeof h.recvStop !== 'function') return null;
  return () => (state?.handle as UdpHandle | null | undefined) ?? null;
}

export interface Coalescer {
  /** Call on every datagram received. */
  onDatagram(): void;
  stop(): void;
}

export function coalesceReads(sock: Socket): Coalescer {
  const handle = handleOf(sock);
  let inTurn = 0;
  let scheduled = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const c: Coalescer = {
    onDatagram() {
      if (!handle) return;
      inTurn++;
      if (!scheduled) {
        scheduled = true;
        setImmediate(endOfTurn);
      }
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
  function endOfTurn(): void {
    scheduled = false;
    const drained = inTurn < READS_PER_TURN;
    inTurn = 0;
    if (!drained || stopped || timer) return;
    const h = handle!();
    if (!h) return;
    h.recvStop();
    timer = setTimeout(() => {
      timer = null;
      if (stopped) return;
      handle!()?.recvStart();
    }, PAUSE_MS);
  }
  return c;
}
