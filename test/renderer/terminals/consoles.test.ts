// The Terminals area's device consoles: grouped by tenant and service in name order; which
// topology nodes get "Open console", and which VNFs the Services page offers a console for.
import { describe, expect, it } from 'vitest';
import { groupConsoles, nodeHasConsole, vnfHasConsole, type ConsoleProfile } from '../../../renderer/src/pages/terminals/devices.js';

function profile(name: string, tenantName: string | null, serviceName: string | null): ConsoleProfile {
  return {
    kind: 'console',
    id: `console:${name}`,
    name,
    target: `vRouter ${name}`,
    builtIn: true,
    createdBy: null,
    updatedAt: null,
    targetId: name,
    consoleKind: 'vrouter',
    tenantId: tenantName?.toLowerCase() ?? null,
    detail: null,
    state: 'ACTIVE',
    tenantName,
    serviceId: serviceName,
    serviceName,
  };
}

describe('device consoles in the Terminals area', () => {
  it('groups consoles by tenant, then service, in name order', () => {
    const g = groupConsoles([
      profile('globex-2-fw-p', 'Globex', 'Edge'),
      profile('acme-1-vr-s', 'Acme Corp', 'Web'),
      profile('acme-1-vr-p', 'Acme Corp', 'Web'),
      profile('acme-9-vr-p', 'Acme Corp', 'Branches'),
      profile('lonely', null, null),
    ]);
    expect(g.map((t) => [t.tenant, t.services.map((s) => [s.service, s.consoles.map((c) => c.name)])])).toEqual([
      [
        'Acme Corp',
        [
          ['Branches', ['acme-9-vr-p']],
          ['Web', ['acme-1-vr-p', 'acme-1-vr-s']],
        ],
      ],
      ['Globex', [['Edge', ['globex-2-fw-p']]]],
      ['Other devices', [['—', ['lonely']]]],
    ]);
  });

  it('offers Open console in the topology for VNFs with a console style and for enforcers', () => {
    for (const t of ['vrouter', 'vfirewall', 'vwebsecurity']) expect(nodeHasConsole({ kind: 'vnf', type: t })).toBe(true);
    expect(nodeHasConsole({ kind: 'vnf', type: 'vips' })).toBe(false);
    expect(nodeHasConsole({ kind: 'vnf', type: null })).toBe(false);
    expect(nodeHasConsole({ kind: 'cpe', type: null })).toBe(false);
    expect(nodeHasConsole({ kind: 'server', type: null })).toBe(false);
    expect(nodeHasConsole({ kind: 'enforcer', type: null })).toBe(true);
  });

  it('offers the Services page’s console button for live VNFs of a role with a console', () => {
    expect(vnfHasConsole({ role: 'router', state: 'ACTIVE' })).toBe(true);
    expect(vnfHasConsole({ role: 'firewall', state: 'ERROR' })).toBe(true);
    expect(vnfHasConsole({ role: 'web-security', state: 'BUILD' })).toBe(true);
    expect(vnfHasConsole({ role: 'ips', state: 'ACTIVE' })).toBe(false);
    expect(vnfHasConsole({ role: 'router', state: 'DELETED' })).toBe(false);
  });
});
