// The frames a socket transport carries (WebSocket in the browser shell). JSON text
// frames; the server answers every bad frame with a typed error and keeps the socket.
import { z } from 'zod';
import type { WireError } from './errors.js';

/** Frames above this size are refused with FRAME_TOO_LARGE. */
export const MAX_FRAME_BYTES = 1024 * 1024;

const reqId = z.number().int().nonnegative();

export const clientFrame = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), id: reqId, cmd: z.string().max(128), input: z.unknown().optional() }),
  z.object({ t: z.literal('sub'), id: reqId, topic: z.string().max(128), params: z.unknown().optional() }),
  z.object({ t: z.literal('unsub'), id: reqId, sub: z.number().int().nonnegative() }),
  z.object({ t: z.literal('ping'), id: reqId }),
]);
export type ClientFrame = z.infer<typeof clientFrame>;

export type ServerFrame =
  | { t: 'hello'; product: 'Podium'; version: string; schemaVersion: number }
  | { t: 'res'; id: number; ok: true; out: unknown }
  | { t: 'res'; id: number; ok: false; err: WireError }
  /** A frame-level error that could not be tied to a request id. */
  | { t: 'err'; err: WireError }
  | { t: 'ev'; sub: number; ev: unknown }
  /** Events for a subscription were dropped because the client read too slowly. */
  | { t: 'lag'; sub: number; dropped: number };

export type CallResult = { ok: true; output: unknown } | { ok: false; error: WireError };
