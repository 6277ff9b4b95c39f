// The context menu's actions: which of the topology's, the orchestrator's and the lab's
// are offered for a node, by its kind, state and view, and by what the user may run; the
// flows' "Show this node's flows" and the filter it opens the Flows page with.
import { describe, expect, it } from 'vitest';
import type { TopoNode } from '../../../core/topology/contract.js';
import { rolesFor } from '../../../core/api/contract.js';
import { actionsFor } from '../../../renderer/src/topology/actions.js';
import '../../../renderer/src/topology/builtinActions.js';
import '../../../renderer/src/topology/operateActions.js';
import { nodeFlowFilter } from '../../../renderer/src/pages/flows/topologyActions.js';

function node(p: Partial<TopoNode>): TopoNode {
  return {
    id: 'vnf:v1',
    kind: 'vnf',
    ref: 'v1',
    label: 'acme-1234-vr-p',
    sub: null,
    state: 'ACTIVE',
    badges: [],
    parent: 'srv:s1',
    role: null,
    type: 'vrouter',
    addresses: ['10.0.0.1'],
    tenantId: 'acme',
    tenantName: 'Acme Corp',
    serviceId: 'svc1',
    path: 'primary',
    order: 0,
    detail: null,
    utilization: [],
    ...p,
  };
}

const as = (role: 'admin' | 'operator' | 'customer') => (command: string) => {
  const perm: Record<string, string> = {
    'lab.failVnf': 'lab.control',
    'lab.repairVnf': 'lab.control',
    'lab.failEnforcer': 'lab.control',
    'lab.repairEnforcer': 'lab.control',
    'vnfs.redeploy': 'services.operate',
    'services.repair': 'services.operate',
    'servers.update': 'infra.manage',
    'pods.update': 'infra.manage',
    'topology.details': 'topology.services',
    'topology.configuration': 'topology.configuration',
    'topology.service': 'topology.services',
    'topology.infrastructure': 'topology.infrastructure',
    'flows.top': 'flows.read',
  };
  return rolesFor(perm[command] ?? 'nobody').includes(role);
};
const ids = (ns: TopoNode[], view: 'infrastructure' | 'service', role: 'admin' | 'operator' | 'customer', canRun = as(role)) =>
  actionsFor(ns, view, canRun).map((a) => a.id);

describe('node actions', () => {
  it('offer an ACTIVE VNF: fail in the lab and restart; not repair', () => {
    const got = ids([node({})], 'infrastructure', 'operator');
    expect(got).toEqual(expect.arrayContaining(['lab.failVnf', 'vnfs.redeploy', 'topology.openService', 'topology.configuration']));
    expect(got).not.toContain('lab.repairVnf');
    expect(got).not.toContain('services.repair');
  });

  it('offer a VNF in ERROR: repair in the lab, repair its service, restart', () => {
    const got = ids([node({ state: 'ERROR', badges: ['fault'] })], 'service', 'operator');
    expect(got).toEqual(expect.arrayContaining(['lab.repairVnf', 'services.repair', 'vnfs.redeploy', 'topology.openInfrastructure']));
    expect(got).not.toContain('lab.failVnf');
  });

  it('offer nothing that would run into an operation already working on the service', () => {
    const got = ids([node({ state: 'ERROR', badges: ['fault', 'operation'] })], 'infrastructure', 'admin');
    expect(got).not.toContain('vnfs.redeploy');
    expect(got).not.toContain('services.repair');
    expect(ids([node({ state: 'BUILD' })], 'infrastructure', 'admin')).not.toContain('vnfs.redeploy');
  });

  it('follow the user’s role and what this core has', () => {
    expect(ids([node({})], 'service', 'customer')).toEqual(['topology.details', 'topology.centre', 'topology.copyAddress']);
    // The lab off: its commands are not in system.commands, so its actions are not offered.
    const noLab = (c: string) => as('admin')(c) && !c.startsWith('lab.');
    expect(ids([node({})], 'infrastructure', 'admin', noLab)).not.toContain('lab.failVnf');
  });

  it('fail several VNFs in the lab at once; other actions are for one node', () => {
    const two = [node({}), node({ id: 'vnf:v2', ref: 'v2' })];
    expect(ids(two, 'infrastructure', 'operator')).toEqual(['lab.failVnf', 'topology.copyAddress']);
  });

  it('put compute servers and PoDs in maintenance (admins), never a platform VM or a service path', () => {
    const server = node({ id: 'srv:s1', kind: 'server', ref: 's1', role: 'compute', type: null, serviceId: null, tenantId: null, parent: 'pod:p1' });
    expect(ids([server], 'infrastructure', 'admin')).toContain('servers.maintenance');
    expect(ids([server], 'infrastructure', 'operator')).not.toContain('servers.maintenance');
    expect(ids([{ ...server, state: 'MAINTENANCE' }], 'infrastructure', 'admin')).toContain('servers.active');
    expect(ids([{ ...server, role: null, id: 'chain:primary' }], 'service', 'admin')).not.toContain('servers.maintenance');
    expect(ids([node({ kind: 'pod', id: 'pod:p1', role: null, type: null, serviceId: null })], 'infrastructure', 'admin')).toContain('pods.maintenance');
    const platform = node({ kind: 'platform', id: 'vnf:p:esc-1', type: null, serviceId: null, tenantId: null });
    expect(ids([platform], 'infrastructure', 'admin').filter((a) => a.startsWith('lab.') || a.startsWith('vnfs.'))).toEqual([]);
  });

  it('fail an ACTIVE IPsec enforcer in the lab, repair a failed one; its configuration is there to read', () => {
    const enf = node({
      id: 'enf:e1',
      kind: 'enforcer',
      ref: 'e1',
      type: null,
      serviceId: null,
      tenantId: null,
      tenantName: null,
      path: null,
      parent: 'pod:p1',
    });
    const up = ids([enf], 'infrastructure', 'operator');
    expect(up).toEqual(expect.arrayContaining(['lab.failEnforcer', 'topology.configuration']));
    expect(up).not.toContain('lab.repairEnforcer');
    expect(up).not.toContain('lab.failVnf');
    const down = ids([{ ...enf, state: 'ERROR', badges: ['fault'] }], 'infrastructure', 'operator');
    expect(down).toContain('lab.repairEnforcer');
    expect(down).not.toContain('lab.failEnforcer');
    expect(ids([enf], 'infrastructure', 'customer')).not.toContain('lab.failEnforcer');
  });

  it("show a node's flows to those who may read flows, filtered on its IP addresses", () => {
    const vr = node({ addresses: ['10.64.0.5/24', '198.51.100.9/30', '10.64.0.5'] });
    expect(ids([vr], 'service', 'operator')).toContain('flows.forNode');
    expect(ids([vr], 'service', 'customer')).not.toContain('flows.forNode');
    // a device's addresses as hosts, each once; a site's LAN as the prefix it is
    expect(nodeFlowFilter(vr)).toBe('addr = 10.64.0.5 OR addr = 198.51.100.9');
    expect(nodeFlowFilter(node({ kind: 'site', addresses: ['10.20.1.0/24'] }))).toBe('addr = 10.20.1.0/24');
    expect(nodeFlowFilter(node({ addresses: ['2001:db8::7/64'] }))).toBe('addr = 2001:db8::7');
    // a VIM's endpoint is a URL, a CPE not yet shipped has no address: nothing to filter on
    const vim = node({ kind: 'platform', addresses: ['https://vim.pod-1.lab:5000'] });
    expect(nodeFlowFilter(vim)).toBeNull();
    expect(ids([vim], 'infrastructure', 'admin')).not.toContain('flows.forNode');
    expect(nodeFlowFilter(node({ kind: 'cpe', addresses: [] }))).toBeNull();
  });
});
