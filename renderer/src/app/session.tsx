import { createContext, useContext } from 'react';
import type { UserView } from '../../../core/auth/contract';

export interface Session {
  user: UserView;
  permissions: string[];
  logout(): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside a session');
  return s;
}

/** May this session use something that needs `permission`? */
export function allowed(s: Pick<Session, 'permissions'>, permission: string): boolean {
  return permission === 'session' || permission === 'public' || s.permissions.includes(permission);
}
