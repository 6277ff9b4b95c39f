// The shape of the contract: a command is a name, a zod input schema, a zod output
// schema, the permission it needs and (elsewhere, in the host) a handler; a topic is a
// name, an event schema and a permission. Capabilities declare theirs with these helpers
// in a `contract.ts` that imports nothing but zod, so any shell can read it.
import type { z } from 'zod';

export const ROLES = ['admin', 'operator', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: a logged-in user, or the local system (CLI on the data directory). */
export interface Actor {
  kind: 'user' | 'system';
  userId: string | null;
  username: string;
  role: Role;
  /** Set for customers: the one tenant they belong to and may see. */
  tenantId: string | null;
}

/**
 * `public` — anyone, even without a session (login).
 * `session` — any logged-in user.
 * anything else — a permission name granted to roles in the capability's `permissions`.
 */
export type Access = 'public' | 'session' | (string & {});

export interface CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  summary: string;
  input: I;
  output: O;
  permission: Access;
  /** State-changing: every call is written to the audit log. */
  mutates: boolean;
  /** Allowed while the user still has to change a first-login password. */
  duringPasswordChange?: boolean;
}

export interface TopicSpec<E extends z.ZodType = z.ZodType, P extends z.ZodType = z.ZodType> {
  summary: string;
  event: E;
  /** Subscription parameters (e.g. which terminal session); validated like command input. */
  params: P;
  permission: Access;
  /** Does this event go to this subscription? Defaults to yes. */
  match?: (params: z.output<P>, event: z.output<E>, actor: Actor) => boolean;
  /**
   * The tenant an event belongs to. A customer receives an event only when it belongs
   * to their own tenant; topics without it are not tenant-scoped.
   */
  tenantOf?: (event: z.output<E>) => string | null;
}

export interface CapabilityContract {
  /** Permission name → roles that hold it. */
  permissions: Record<string, readonly Role[]>;
  commands: Record<string, CommandSpec>;
  topics: Record<string, TopicSpec>;
}

export function command<I extends z.ZodType, O extends z.ZodType>(spec: CommandSpec<I, O>): CommandSpec<I, O> {
  return spec;
}

export function topic<E extends z.ZodType, P extends z.ZodType>(spec: TopicSpec<E, P>): TopicSpec<E, P> {
  return spec;
}
