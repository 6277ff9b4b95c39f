// The orchestrator source's reading discipline, on a stand-in for the orchestrator's
// service interface that counts what is read: changes of one turn are read once; what
// nobody holds is not read; a reset is a resync and nothing else. And the state mappings.
import { describe, expect, it } from 'vitest';
import type { OrchestratorChange } from '../../../core/orchestrator/events.js';
import type { ServiceView, VnfView } from '../../../core/orchestrator/contract.js';
import { OrchestratorSource, serviceState, vnfRecord, vnfState, type OrchestratorReads } from '../../../core/topology/orchestrator-source.js';
import type { SourceEvent } from '../../../core/topology/source.js';

function vnf(id: string, serviceId: string, p: Partial<VnfView> = {}): VnfView {
  return {
    id,
    serviceId,
    tenantId: 't1',
    role: 'router',
    vnfTypeId: 'csr',
    software: 'CSR1000V',
    hostname: `${id}-host`,
    path: 'primary',
    position: 0,
    podId: 'pod-a',
    serverId: 'pod-a:prod-01',
    serverName: 'a-prod-01',
    state: 'ACTIVE',
    detail: null,
    vcpu: 2,
    ramMb: 4096,
    diskGb: 8,
    nodeId: 7,
    vmName: `podium-${id}`,
    functions: [],
    interfaces: [{ name: 'Gi1', network: 'mgmt', mac: '02:00:00:00:00:01', ip: '172.24.0.5' }],
    ...p,
  };
}

function fake() {
  const reads: string[] = [];
  let feed: ((c: OrchestratorChange) => void) | null = null;
  const vnfs = new Map<string, VnfView>([
    ['v1', vnf('v1', 'svc-open')],
    ['v2', vnf('v2', 'svc-closed')],
  ]);
  const service = (id: string) =>
    ({
      id,
      name: id,
      tenantId: 't1',
      tenantName: 'Tenant One',
      packageName: 'Foundation',
      state: 'ACTIVE',
      health: 'OK',
      redundant: false,
      activePath: 'primary',
      operation: null,
      chains: [
        {
          path: 'primary',
          podId: 'pod-a',
          podName: 'a',
          dcName: 'DC',
          serverId: 'pod-a:prod-01',
          serverName: 'a-prod-01',
          preference: 10,
          up: true,
          vnfs: [...vnfs.values()].filter((v) => v.serviceId === id),
        },
      ],
      siteList: [],
    }) as unknown as ServiceView;
  const o = {
    watch: (l: (c: OrchestratorChange) => void) => {
      feed = l;
      return () => (feed = null);
    },
    vnf: (id: string) => (reads.push(`vnf:${id}`), vnfs.get(id) ?? null),
    getService: (_a: unknown, id: string) => (reads.push(`service:${id}`), service(id)),
    podGet: (id: string) => {
      reads.push(`pod:${id}`);
      throw new Error('not in this test');
    },
    podsList: () => (reads.push('pods'), { dataCentres: [], pods: [] }),
    redundancyStatus: () => (reads.push('redundancy'), { keepaliveMs: 1000, deadAfterMs: 3000, pairs: [], servicePaths: [] }),
  } as unknown as OrchestratorReads;
  return { o, reads, vnfs, change: (c: OrchestratorChange) => feed!(c), watching: () => feed !== null };
}

describe('the orchestrator source', () => {
  it('reads what changed in one turn once, and hands over whole records', async () => {
    const f = fake();
    const src = new OrchestratorSource(f.o);
    const got: SourceEvent[] = [];
    const stop = src.subscribe((e) => got.push(e), { infrastructure: () => false, service: (id) => id === 'svc-open' });
    expect(f.watching()).toBe(true);
    for (let i = 0; i < 5; i++) f.change({ kind: 'vnf', id: 'v1' });
    f.change({ kind: 'service', id: 'svc-open' });
    await new Promise((r) => setImmediate(r));
    expect(f.reads.filter((r) => r === 'vnf:v1')).toHaveLength(1);
    expect(f.reads.filter((r) => r === 'service:svc-open')).toHaveLength(1);
    expect(got.map((e) => e.kind)).toEqual(['service', 'vnf']);
    expect(got[1]).toMatchObject({
      kind: 'vnf',
      record: { id: 'v1', name: 'v1-host', type: 'vrouter', state: 'ACTIVE', tenantName: 'Tenant One', addresses: ['172.24.0.5'] },
    });
    stop();
    expect(f.watching()).toBe(false);
  });

  it('does not read what nobody holds: another service, PoDs, data centres, pairs', () => {
    const f = fake();
    const src = new OrchestratorSource(f.o);
    const got: SourceEvent[] = [];
    src.subscribe((e) => got.push(e), { infrastructure: () => false, service: (id) => id === 'svc-open' });
    f.change({ kind: 'vnf', id: 'v2' });
    f.change({ kind: 'service', id: 'svc-closed' });
    f.change({ kind: 'pod', id: 'pod-a' });
    f.change({ kind: 'dataCentre', id: 'dc-1' });
    f.change({ kind: 'pair', pair: 'nso-sm' });
    src.flush();
    expect(f.reads).toEqual(['vnf:v2']); // only to learn its service
    expect(got).toEqual([]);
  });

  it('says "resync" on a reset, and reads nothing else of that turn', () => {
    const f = fake();
    const src = new OrchestratorSource(f.o);
    const got: SourceEvent[] = [];
    src.subscribe((e) => got.push(e));
    f.change({ kind: 'reset' });
    f.change({ kind: 'vnf', id: 'v1' });
    src.flush();
    expect(got).toEqual([{ kind: 'resync' }]);
    expect(f.reads).toEqual([]);
  });

  it('reports a VNF that is gone as removed', () => {
    const f = fake();
    const src = new OrchestratorSource(f.o);
    const got: SourceEvent[] = [];
    src.subscribe((e) => got.push(e), { infrastructure: () => false, service: () => true });
    f.vnfs.set('v1', vnf('v1', 'svc-open', { state: 'DELETED' }));
    f.change({ kind: 'vnf', id: 'v1' });
    f.change({ kind: 'vnf', id: 'v-unknown' });
    src.flush();
    expect(got).toEqual([
      { kind: 'removed', what: 'vnf', id: 'v1' },
      { kind: 'removed', what: 'vnf', id: 'v-unknown' },
    ]);
  });
});

describe('state mapping', () => {
  it('maps VNF states and marks', () => {
    expect(['PLANNED', 'BUILD', 'ACTIVE', 'ERROR', 'DELETING'].map((s) => vnfState(s as VnfView['state']))).toEqual([
      'BUILD',
      'BUILD',
      'ACTIVE',
      'ERROR',
      'MAINTENANCE',
    ]);
    const op = { state: 'PROCESSING' } as ServiceView['operation'];
    const svc = { tenantName: 'T', redundant: true, activePath: 'secondary' as const, operation: op };
    expect(vnfRecord(vnf('a', 's', { path: 'secondary' }), svc).badges).toEqual(['redundant', 'traffic', 'operation']);
    expect(vnfRecord(vnf('a', 's', { detail: 'lab: crash' }), { ...svc, operation: null }).badges).toEqual(['fault', 'redundant']);
    expect(vnfRecord(vnf('a', 's'), undefined)).toMatchObject({ badges: [], tenantName: null, path: 'primary' });
    expect(vnfRecord(vnf('a', 's', { role: 'web-security', path: 'secondary' }), undefined)).toMatchObject({ type: 'vwebsecurity', path: 'redundant' });
  });

  it('maps a service by its lifecycle first, then its health', () => {
    const cases: [string, string, string][] = [
      ['PROVISIONING', 'UNKNOWN', 'BUILD'],
      ['UPDATING', 'OK', 'BUILD'],
      ['FAILED', 'DEGRADED', 'ERROR'],
      ['DELETING', 'OK', 'MAINTENANCE'],
      ['ACTIVE', 'OK', 'ACTIVE'],
      ['ACTIVE', 'DEGRADED', 'DEGRADED'],
      ['ACTIVE', 'DOWN', 'ERROR'],
      ['ACTIVE', 'UNKNOWN', 'UNKNOWN'],
    ];
    for (const [state, health, want] of cases) expect(serviceState({ state, health } as Parameters<typeof serviceState>[0]), `${state}/${health}`).toBe(want);
  });
});
