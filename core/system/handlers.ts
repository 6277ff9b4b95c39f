import { z } from 'zod';
import type { HandlersFor } from '../api/handlers.js';
import { contract, rolesFor } from '../api/contract.js';
import type { CommandSpec } from '../api/define.js';
import type { systemContract, SystemInfo, CommandInfo } from './contract.js';

export function inputJsonSchema(spec: CommandSpec): Record<string, unknown> {
  try {
    return z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  } catch {
    return {};
  }
}

/** Every command, or those a role may run, as shown by `podium call --list` and the palette. */
export function listCommands(role?: string): CommandInfo[] {
  return Object.entries(contract.commands as Record<string, CommandSpec>)
    .filter(([, spec]) => role === undefined || rolesFor(spec.permission).includes(role))
    .map(([name, spec]) => ({
      name,
      summary: spec.summary,
      permission: spec.permission,
      mutates: spec.mutates,
      inputSchema: inputJsonSchema(spec),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function systemHandlers(info: () => SystemInfo): HandlersFor<typeof systemContract> {
  return {
    'system.info': () => info(),
    'system.commands': (_input, ctx) => ({ commands: listCommands(ctx.actor?.role) }),
  };
}
