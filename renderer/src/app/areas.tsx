// The navigation: each area arrives with its capability. An area is offered to a user
// who holds its permission (and, for areas made for one role, has that role); there are
// no empty pages.
import type { ComponentType } from 'react';
import type { LucideIcon } from 'lucide-react';
import {
  Users,
  ScrollText,
  UserCircle,
  ShoppingCart,
  Package,
  Server,
  ListChecks,
  ShieldCheck,
  Building2,
  BookOpen,
  Boxes,
  Calculator,
  Network,
  TerminalSquare,
  House,
  Activity,
  Radio,
} from 'lucide-react';
import type { Role } from '../../../core/api/define';
export { landingPath } from './landing';
import { UsersPage } from '../pages/admin/Users';
import { AuditPage } from '../pages/admin/Audit';
import { AccountPage } from '../pages/Account';
import { ShopPage } from '../pages/shop/Shop';
import { MyServicesPage } from '../pages/services/MyServices';
import { OpsServicesPage } from '../pages/ops/Services';
import { OperationsPage } from '../pages/ops/Operations';
import { RedundancyPage } from '../pages/ops/Redundancy';
import { TenantsPage } from '../pages/admin/Tenants';
import { CatalogPage } from '../pages/admin/Catalog';
import { PodsPage } from '../pages/infra/Pods';
import { CapacityPage } from '../pages/infra/Capacity';
import { TopologyPage } from '../topology/TopologyPage';
import { TerminalsPage } from '../pages/terminals/TerminalsPage';
import { HomePage } from '../pages/flows/Home';
import { FlowsPage } from '../pages/flows/Flows';
import { ExportersPage } from '../pages/flows/Exporters';

export interface Area {
  path: string;
  label: string;
  section: 'Services' | 'Operate' | 'Admin' | 'You';
  icon: LucideIcon;
  /** The permission that shows it ('session' = everyone logged in). */
  permission: string;
  /** Only for these roles (when the same permission serves different pages per role). */
  roles?: Role[];
  /** "g" then this key goes there. */
  key: string;
  component: ComponentType;
}

export const AREAS: Area[] = [
  {
    path: '/my-services',
    label: 'My services',
    section: 'Services',
    icon: Package,
    permission: 'services.read',
    roles: ['customer'],
    key: 's',
    component: MyServicesPage,
  },
  { path: '/shop', label: 'Shop', section: 'Services', icon: ShoppingCart, permission: 'services.order', roles: ['customer'], key: 'b', component: ShopPage },
  { path: '/home', label: 'Home', section: 'Operate', icon: House, permission: 'flows.read', key: 'h', component: HomePage },
  { path: '/ops/services', label: 'Services', section: 'Operate', icon: Server, permission: 'services.operate', key: 's', component: OpsServicesPage },
  { path: '/ops/operations', label: 'Operations', section: 'Operate', icon: ListChecks, permission: 'operations.manage', key: 'o', component: OperationsPage },
  { path: '/ops/redundancy', label: 'Redundancy', section: 'Operate', icon: ShieldCheck, permission: 'infra.read', key: 'r', component: RedundancyPage },
  { path: '/infra/pods', label: 'PoDs', section: 'Operate', icon: Boxes, permission: 'infra.read', key: 'd', component: PodsPage },
  { path: '/infra/capacity', label: 'Capacity', section: 'Operate', icon: Calculator, permission: 'infra.read', key: 'a', component: CapacityPage },
  { path: '/flows', label: 'Flows', section: 'Operate', icon: Activity, permission: 'flows.read', key: 'f', component: FlowsPage },
  { path: '/exporters', label: 'Exporters', section: 'Operate', icon: Radio, permission: 'flows.read', key: 'e', component: ExportersPage },
  { path: '/topology', label: 'Topology', section: 'Operate', icon: Network, permission: 'topology.services', key: 't', component: TopologyPage },
  { path: '/terminals', label: 'Terminals', section: 'Operate', icon: TerminalSquare, permission: 'terminals.use', key: 'c', component: TerminalsPage },
  { path: '/admin/tenants', label: 'Tenants', section: 'Admin', icon: Building2, permission: 'tenants.manage', key: 'n', component: TenantsPage },
  { path: '/admin/catalog', label: 'Catalog', section: 'Admin', icon: BookOpen, permission: 'catalog.manage', key: 'k', component: CatalogPage },
  { path: '/admin/users', label: 'Users', section: 'Admin', icon: Users, permission: 'users.read', key: 'u', component: UsersPage },
  { path: '/admin/audit', label: 'Audit log', section: 'Admin', icon: ScrollText, permission: 'audit.read', key: 'l', component: AuditPage },
  { path: '/account', label: 'Account', section: 'You', icon: UserCircle, permission: 'session', key: 'p', component: AccountPage },
];

export const SECTIONS: Area['section'][] = ['Services', 'Operate', 'Admin', 'You'];

/** Is this area offered to this user? */
export function offered(s: { permissions: string[]; user: { role: Role } }, a: Area): boolean {
  const perm = a.permission === 'session' || a.permission === 'public' || s.permissions.includes(a.permission);
  return perm && (!a.roles || a.roles.includes(s.user.role));
}
