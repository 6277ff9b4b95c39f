// The navigation: each area arrives with its capability. An area is offered to a user
// who holds its permission; there are no empty pages.
import type { ComponentType } from 'react';
import type { LucideIcon } from 'lucide-react';
import { Users, ScrollText, UserCircle, Network, TerminalSquare } from 'lucide-react';
import { UsersPage } from '../pages/admin/Users';
import { AuditPage } from '../pages/admin/Audit';
import { AccountPage } from '../pages/Account';
import { TopologyPage } from '../topology/TopologyPage';
import { TerminalsPage } from '../pages/terminals/TerminalsPage';

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
  { path: '/topology', label: 'Topology', section: 'Operate', icon: Network, permission: 'topology.services', key: 't', component: TopologyPage },
  { path: '/terminals', label: 'Terminals', section: 'Operate', icon: TerminalSquare, permission: 'terminals.use', key: 'c', component: TerminalsPage },
  { path: '/admin/users', label: 'Users', section: 'Admin', icon: Users, permission: 'users.read', key: 'u', component: UsersPage },
  { path: '/admin/audit', label: 'Audit log', section: 'Admin', icon: ScrollText, permission: 'audit.read', key: 'l', component: AuditPage },
  { path: '/account', label: 'Account', section: 'You', icon: UserCircle, permission: 'session', key: 'p', component: AccountPage },
];

export const SECTIONS: Area['section'][] = ['Operate', 'Admin', 'You'];
