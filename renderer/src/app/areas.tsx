// The navigation: each area arrives with its capability. An area is offered to a user
// who holds its permission; there are no empty pages.
import type { ComponentType } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Users, ScrollText, UserCircle, Network, TerminalSquare, House, Activity, Radio } from 'lucide-react';
import { UsersPage } from '../pages/admin/Users';
import { AuditPage } from '../pages/admin/Audit';
import { AccountPage } from '../pages/Account';
import { TopologyPage } from '../topology/TopologyPage';
import { TerminalsPage } from '../pages/terminals/TerminalsPage';
import { HomePage } from '../pages/flows/Home';
import { FlowsPage } from '../pages/flows/Flows';
import { ExportersPage } from '../pages/flows/Exporters';

export interface Area {
  path: string;
  label: string;
  section: 'Operate' | 'Admin' | 'You';
  icon: LucideIcon;
  /** The permission that shows it ('session' = everyone logged in). */
  permission: string;
  /** "g" then this key goes there. */
  key: string;
  component: ComponentType;
}

export const AREAS: Area[] = [
  { path: '/home', label: 'Home', section: 'Operate', icon: House, permission: 'flows.read', key: 'h', component: HomePage },
  { path: '/flows', label: 'Flows', section: 'Operate', icon: Activity, permission: 'flows.read', key: 'f', component: FlowsPage },
  { path: '/exporters', label: 'Exporters', section: 'Operate', icon: Radio, permission: 'flows.read', key: 'e', component: ExportersPage },
  { path: '/topology', label: 'Topology', section: 'Operate', icon: Network, permission: 'topology.services', key: 't', component: TopologyPage },
  { path: '/terminals', label: 'Terminals', section: 'Operate', icon: TerminalSquare, permission: 'terminals.use', key: 'c', component: TerminalsPage },
  { path: '/admin/users', label: 'Users', section: 'Admin', icon: Users, permission: 'users.read', key: 'u', component: UsersPage },
  { path: '/admin/audit', label: 'Audit log', section: 'Admin', icon: ScrollText, permission: 'audit.read', key: 'l', component: AuditPage },
  { path: '/account', label: 'Account', section: 'You', icon: UserCircle, permission: 'session', key: 'p', component: AccountPage },
];

export const SECTIONS: Area['section'][] = ['Operate', 'Admin', 'You'];
