// The one contract between the core and any UI: every capability's commands and topics,
// merged. Pure declarations — shells import the types from here.
import type { z } from 'zod';
import type { CapabilityContract, CommandSpec, TopicSpec } from './define.js';
import { systemContract } from '../system/contract.js';
import { authContract } from '../auth/contract.js';
import { catalogContract } from '../catalog/contract.js';
import { tenantsContract } from '../tenants/contract.js';
import { orchestratorContract } from '../orchestrator/contract.js';
import { labContract } from '../lab/contract.js';
import { topologyContract } from '../topology/contract.js';
import { terminalsContract } from '../terminals/contract.js';
import { flowsContract } from '../flows/contract.js';

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Merged<T extends readonly CapabilityContract[]> = {
  permissions: Record<string, CapabilityContract['permissions'][string]>;
  commands: UnionToIntersection<T[number]['commands']>;
  topics: UnionToIntersection<T[number]['topics']>;
};

function merge<const T extends readonly CapabilityContract[]>(...parts: T): Merged<T> {
  const out = { permissions: {}, commands: {}, topics: {} } as CapabilityContract;
  for (const part of parts) {
    for (const kind of ['permissions', 'commands', 'topics'] as const) {
      for (const [name, value] of Object.entries(part[kind])) {
        if (name in out[kind]) throw new Error(`contract: ${kind} "${name}" is declared twice`);
        (out[kind] as Record<string, unknown>)[name] = value;
      }
    }
  }
  return out as Merged<T>;
}

/** Every capability's contract, in one place. A new capability adds its part here. */
export const contract = merge(
  systemContract,
  authContract,
  catalogContract,
  tenantsContract,
  orchestratorContract,
  labContract,
  topologyContract,
  terminalsContract,
  flowsContract,
);

export type Commands = typeof contract.commands;
export type CommandName = keyof Commands & string;
export type CommandInput<N extends CommandName> = Commands[N] extends CommandSpec<infer I, z.ZodType> ? z.input<I> : never;
export type CommandParsedInput<N extends CommandName> = Commands[N] extends CommandSpec<infer I, z.ZodType> ? z.output<I> : never;
export type CommandOutput<N extends CommandName> = Commands[N] extends CommandSpec<z.ZodType, infer O> ? z.output<O> : never;

export type Topics = typeof contract.topics;
export type TopicName = keyof Topics & string;
export type TopicEvent<T extends TopicName> = Topics[T] extends TopicSpec<infer E, z.ZodType> ? z.output<E> : never;
export type TopicParams<T extends TopicName> = Topics[T] extends TopicSpec<z.ZodType, infer P> ? z.input<P> : never;

export function commandSpec(name: string): CommandSpec | undefined {
  return Object.hasOwn(contract.commands, name) ? (contract.commands as Record<string, CommandSpec>)[name] : undefined;
}

export function topicSpec(name: string): TopicSpec | undefined {
  return Object.hasOwn(contract.topics, name) ? (contract.topics as Record<string, TopicSpec>)[name] : undefined;
}

/** Roles that hold a permission ('public' and 'session' are held by every role). */
export function rolesFor(permission: string): readonly string[] {
  if (permission === 'public' || permission === 'session') return ['admin', 'operator', 'customer'];
  return contract.permissions[permission] ?? [];
}
