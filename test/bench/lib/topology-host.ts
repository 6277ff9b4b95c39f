// A test host: a core whose topology views show a generated inventory, served as the
// browser shell. For the e2e tests, the benchmark, and looking at the views by hand:
//
//   node node_modules/.cache/podium-bench/test/bench/lib/topology-host.js --nodes 5000 [--port 7301] [--churn 20]
//
// prints the address to open and the admin password. --churn N changes N VNF states a
// second (bounded: it stops after 10 minutes). Never part of the product.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHost, type Host, type HostOptions } from '../../../core/host/host.js';
import { ROOT } from '../../../core/host/version.js';
import { serveHttp, type Served } from '../../../core/host/http-server.js';
import { createLogger } from '../../../core/host/log.js';
import { typed, type PodiumApi } from '../../../core/api/client.js';
import type { NodeState } from '../../../core/topology/contract.js';
import { prng } from '../../../core/orchestrator/ids.js';
import { GeneratedSource } from './generated-topology.js';

export { ROOT };
export const ADMIN_PASSWORD = 'Topology-Demo-Pass-1';

export interface TopologyHost {
  host: Host;
  served: Served;
  source: GeneratedSource;
  dataDir: string;
  close(): Promise<void>;
}

/** A host with a generated inventory, its admin password set to ADMIN_PASSWORD, served over HTTP on loopback. */
export async function startTopologyHost(opts: { nodes: number; seed?: number; port?: number; rendererDir?: string }): Promise<TopologyHost> {
  const source = new GeneratedSource({ nodes: opts.nodes, seed: opts.seed ?? 1 });
  const { host, served, dataDir, close } = await serveHost({ topologySource: source }, opts);
  return { host, served, source, dataDir, close };
}

export interface LabTopologyHost {
  host: Host;
  served: Served;
  dataDir: string;
  /** An admin's connection to the host, in process. */
  api: PodiumApi;
  close(): Promise<void>;
}

/**
 * The product's path instead: a host with the embedded lab (seeded as on a first start; VMs
 * boot in `bootMs`), its topology on the orchestrator, served over HTTP on loopback.
 */
export async function startLabTopologyHost(opts: { bootMs?: number; port?: number; rendererDir?: string } = {}): Promise<LabTopologyHost> {
  const boot = opts.bootMs ?? 0;
  const h = await serveHost({ lab: { bootDelayMs: { min: boot, max: boot }, seed: 'full' } }, opts);
  const conn = h.host.connect('inproc');
  const api = typed({
    call: (n, i) => conn.call(n, i),
    subscribe: async (topic, params, onEvent) => {
      const r = conn.subscribe(topic, params, onEvent);
      return r.ok ? { ok: true, unsubscribe: () => void conn.unsubscribe(r.sub) } : r;
    },
  });
  await api.call('auth.login', { username: 'admin', password: ADMIN_PASSWORD });
  return {
    ...h,
    api,
    async close() {
      conn.close();
      await h.close();
    },
  };
}

async function serveHost(extra: Partial<HostOptions>, opts: { port?: number; rendererDir?: string }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'podium-topo-'));
  const host = await createHost({ dataDir, log: createLogger({ level: 'warn' }), ...extra });
  const conn = host.connect('inproc');
  const api = typed({ call: (n, i) => conn.call(n, i), subscribe: async () => ({ ok: false, error: { code: 'UNAVAILABLE', message: 'none' } }) });
  await api.call('auth.login', { username: 'admin', password: host.initialAdminPassword! });
  await api.call('auth.changePassword', { currentPassword: host.initialAdminPassword!, newPassword: ADMIN_PASSWORD });
  conn.close();
  const served = await serveHttp(host, { port: opts.port ?? 0, rendererDir: opts.rendererDir ?? join(ROOT, 'dist', 'renderer') });
  return {
    host,
    served,
    dataDir,
    async close() {
      await served.close();
      await host.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function main() {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  const th = await startTopologyHost({ nodes: arg('nodes', 2000), seed: arg('seed', 1), port: arg('port', 7301) });
  console.log(`Podium test host — generated inventory of ${th.source.nodeCount} nodes (not product data)`);
  console.log(`  open   ${th.served.url}`);
  console.log(`  login  admin / ${ADMIN_PASSWORD}`);
  const churn = arg('churn', 0);
  let timer: ReturnType<typeof setInterval> | null = null;
  if (churn > 0) {
    const rand = prng(99);
    const vnfs = th.source.infra.vnfs.filter((v) => v.type !== 'platform');
    const states: NodeState[] = ['ACTIVE', 'ACTIVE', 'ACTIVE', 'BUILD', 'DEGRADED', 'ERROR'];
    timer = setInterval(() => {
      for (let i = 0; i < churn / 10; i++) th.source.setVnfState(vnfs[Math.floor(rand() * vnfs.length)]!.id, states[Math.floor(rand() * states.length)]!);
    }, 100);
  }
  const stop = async () => {
    if (timer) clearInterval(timer);
    await th.close();
    process.exit(0);
  };
  setTimeout(() => void stop(), 10 * 60_000).unref();
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
