// What a capability implements for its part of the contract: one handler per command.
import type { z } from 'zod';
import type { Actor, CapabilityContract, CommandSpec } from './define.js';
import { ApiError } from './errors.js';

export type Origin = 'ws' | 'ipc' | 'inproc' | 'cli';

/** A session bound to a connection. */
export interface AttachedSession {
  sessionId: string;
  actor: Actor;
  mustChangePassword: boolean;
}

export interface HandlerContext {
  /** null only for `public` commands called before login. */
  readonly actor: Actor | null;
  readonly origin: Origin;
  /** Name what the command acted on, for the audit log ("user:bob", "service:s-12"). */
  setTarget(target: string): void;
  /** The connection's session (auth binds and unbinds it). */
  readonly session: {
    current(): AttachedSession | null;
    attach(session: AttachedSession): void;
    detach(): void;
  };
}

type HandlerOf<S> = S extends CommandSpec<infer I, infer O> ? (input: z.output<I>, ctx: HandlerContext) => Promise<z.input<O>> | z.input<O> : never;

export type HandlersFor<C extends CapabilityContract> = { [N in keyof C['commands']]: HandlerOf<C['commands'][N]> };

/** The actor of a command that is not `public` (the dispatcher has already checked it). */
export function actorOf(ctx: HandlerContext): Actor {
  if (!ctx.actor) throw new ApiError('UNAUTHENTICATED', 'log in first');
  return ctx.actor;
}

/** For commands a customer may run: refuse anything outside the customer's own tenant. */
export function assertTenant(ctx: HandlerContext, tenantId: string): void {
  const a = actorOf(ctx);
  if (a.role === 'customer' && a.tenantId !== tenantId) {
    // Same answer as for a thing that does not exist: a customer learns nothing about other tenants.
    throw new ApiError('NOT_FOUND', 'not found');
  }
}
