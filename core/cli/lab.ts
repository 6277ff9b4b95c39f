// The lab from the command line: `podium lab reset|status|vms|fail-vnf|repair-vnf|enforcers|fail-enforcer|repair-enforcer|drill|revive`
// (each one contract command, run like `podium call`). The lab's settings for the hosts the
// CLI opens are in core/host/lab-options.ts.
import { parseArgs } from 'node:util';
import { UsageError } from './usage.js';
import { runCall } from './call.js';

const SUBS: Record<string, { command: string; input: (args: string[], flags: Record<string, string | boolean | undefined>) => unknown }> = {
  status: { command: 'lab.status', input: () => ({}) },
  vms: { command: 'lab.vms', input: ([pod]) => (pod ? { podId: pod } : {}) },
  reset: { command: 'lab.reset', input: (_a, f) => ({ seed: f['infra'] ? 'infra' : 'full', wait: true }) },
  'fail-vnf': {
    command: 'lab.failVnf',
    input: ([vnf, ...reason]) => {
      if (!vnf) throw new UsageError('name the VNF: podium lab fail-vnf VNF_ID');
      return reason.length ? { vnfId: vnf, reason: reason.join(' ') } : { vnfId: vnf };
    },
  },
  'repair-vnf': {
    command: 'lab.repairVnf',
    input: ([vnf]) => {
      if (!vnf) throw new UsageError('name the VNF: podium lab repair-vnf VNF_ID');
      return { vnfId: vnf };
    },
  },
  enforcers: { command: 'lab.enforcers', input: ([pod]) => (pod ? { podId: pod } : {}) },
  'fail-enforcer': {
    command: 'lab.failEnforcer',
    input: ([id, ...reason]) => {
      if (!id) throw new UsageError('name the enforcer: podium lab fail-enforcer ENFORCER_ID');
      return reason.length ? { enforcerId: id, reason: reason.join(' ') } : { enforcerId: id };
    },
  },
  'repair-enforcer': {
    command: 'lab.repairEnforcer',
    input: ([id]) => {
      if (!id) throw new UsageError('name the enforcer: podium lab repair-enforcer ENFORCER_ID');
      return { enforcerId: id };
    },
  },
  drill: {
    command: 'lab.drill',
    input: ([target, pod]) => {
      if (target !== 'esc' && target !== 'nso-dm' && target !== 'nso-sm') throw new UsageError('drill what? esc POD, nso-dm POD or nso-sm');
      if (target !== 'nso-sm' && !pod) throw new UsageError(`name the PoD: podium lab drill ${target} POD`);
      return target === 'nso-sm' ? { target } : { target, podId: pod };
    },
  },
  revive: { command: 'lab.revive', input: ([node]) => (node ? { nodeId: node } : {}) },
};

export async function runLab(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      url: { type: 'string' },
      user: { type: 'string' },
      password: { type: 'string' },
      infra: { type: 'boolean' },
    },
    strict: true,
    allowPositionals: true,
  });
  const [sub, ...rest] = positionals;
  const spec = sub ? SUBS[sub] : undefined;
  if (!spec) throw new UsageError(`lab what? ${Object.keys(SUBS).join(', ')}`);
  const input = spec.input(rest, values);
  const pass: string[] = [];
  for (const k of ['data', 'url', 'user', 'password'] as const) if (values[k] !== undefined) pass.push(`--${k}`, values[k]);
  return runCall([...pass, spec.command, JSON.stringify(input)]);
}
