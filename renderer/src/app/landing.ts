// Where each role lands after login — the one place this is decided. A customer lands on
// their services, an operator on every service, an admin on the tenants (the seed's Manage
// Tenants). The first path of the role's list that the user is offered wins; else the
// first area offered. (A Home page may later take the first place of a list.)
import type { Role } from '../../../core/api/define.js';

export const LANDING: Record<Role, string[]> = {
  customer: ['/my-services', '/shop'],
  operator: ['/ops/services'],
  admin: ['/admin/tenants', '/ops/services'],
};

export function landingPath(role: Role, offeredPaths: readonly string[]): string | null {
  const paths = new Set(offeredPaths);
  return LANDING[role].find((p) => paths.has(p)) ?? offeredPaths[0] ?? null;
}
