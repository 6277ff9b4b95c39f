// Device consoles for the Terminals area's list and menu (tenant → service → consoles,
// each in name order), and which topology nodes have one. Pure, with `.js` imports: the
// renderer's tests import it under NodeNext.
import type { ProfileView } from '../../../../core/terminals/contract.js';

export type ConsoleProfile = Extract<ProfileView, { kind: 'console' }>;

/** Tenant → service → consoles, in name order. */
export function groupConsoles(list: ConsoleProfile[]): { tenant: string; services: { service: string; consoles: ConsoleProfile[] }[] }[] {
  const tenants = new Map<string, Map<string, ConsoleProfile[]>>();
  for (const p of list) {
    const t = p.tenantName ?? p.tenantId ?? 'Other devices';
    const s = p.serviceName ?? '—';
    const services = tenants.get(t) ?? new Map<string, ConsoleProfile[]>();
    tenants.set(t, services);
    services.set(s, [...(services.get(s) ?? []), p]);
  }
  return [...tenants.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tenant, services]) => ({
      tenant,
      services: [...services.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([service, consoles]) => ({ service, consoles: consoles.sort((a, b) => a.name.localeCompare(b.name)) })),
    }));
}

/** VNF types whose lab device has a console (the vIPS has none). */
export const CONSOLE_VNF_TYPES: readonly string[] = ['vrouter', 'vfirewall', 'vwebsecurity'];

/** Catalog roles whose VNFs have a console (the orchestrator's `VnfView.role`). */
export const CONSOLE_ROLES: readonly string[] = ['router', 'firewall', 'web-security'];

/**
 * Whether a topology node has a console: "Open console" is offered for it — VNFs of a type
 * with a console, and IPsec enforcers (the core has none yet; their console will be the
 * enforcer provider's, under the node's `ref`).
 */
export function nodeHasConsole(n: { kind: string; type: string | null }): boolean {
  return (n.kind === 'vnf' && CONSOLE_VNF_TYPES.includes(n.type ?? '')) || n.kind === 'enforcer';
}

/** Whether a VNF of the orchestrator has a console now (the Services page's button). */
export function vnfHasConsole(v: { role: string; state: string }): boolean {
  return CONSOLE_ROLES.includes(v.role) && v.state !== 'DELETED';
}
