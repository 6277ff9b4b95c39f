// The system capability: what the host says about itself and about the contract.
import { z } from 'zod';
import { command, type CapabilityContract } from '../api/define.js';

export const systemInfo = z.object({
  product: z.literal('Podium'),
  version: z.string(),
  schemaVersion: z.number().int(),
  startedAt: z.string(),
  uptimeS: z.number(),
});
export type SystemInfo = z.infer<typeof systemInfo>;

export const commandInfo = z.object({
  name: z.string(),
  summary: z.string(),
  permission: z.string(),
  mutates: z.boolean(),
  inputSchema: z.record(z.string(), z.unknown()).describe('JSON Schema of the input'),
});
export type CommandInfo = z.infer<typeof commandInfo>;

export const systemContract = {
  permissions: {},
  commands: {
    'system.info': command({
      summary: 'Product, version, schema version and uptime of this core',
      input: z.object({}).strict(),
      output: systemInfo,
      permission: 'public',
      mutates: false,
      duringPasswordChange: true,
    }),
    'system.commands': command({
      summary: 'The commands you may run, each with its input as JSON Schema',
      input: z.object({}).strict(),
      output: z.object({ commands: z.array(commandInfo) }),
      permission: 'session',
      mutates: false,
    }),
  },
  topics: {},
} satisfies CapabilityContract;
