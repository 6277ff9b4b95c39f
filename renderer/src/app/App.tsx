// The session's life: boot (resume a session after a reload) → log in → first-login
// password change → the console.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SessionOut, UserView } from '../../../core/auth/contract';
import { api, onSessionLost } from '../lib/transport';
import { Login } from '../pages/Login';
import { FirstPasswordChange } from '../pages/ChangePassword';
import { Shell } from './Shell';
import { SessionContext, type Session } from './session';
import { Toasts, onUnauthenticated, reportError } from './toasts';
import { useConnection } from './StatusBar';

type Phase =
  { kind: 'boot' } | { kind: 'login'; notice: string | null } | { kind: 'password'; s: SessionOut; known: string | null } | { kind: 'ready'; s: SessionOut };

const SESSION_KEY = 'podium.session';

export function App() {
  const [phase, setPhase] = useState<Phase>({ kind: 'boot' });
  const [info, setInfo] = useState<{ version: string; schemaVersion: number } | null>(null);
  const { info: hello } = useConnection();

  const enter = useCallback((s: SessionOut, password: string | null) => {
    sessionStorage.setItem(SESSION_KEY, s.sessionToken);
    setPhase(s.user.mustChangePassword ? { kind: 'password', s, known: password } : { kind: 'ready', s });
  }, []);

  const ended = useCallback((notice: string | null) => {
    sessionStorage.removeItem(SESSION_KEY);
    setPhase({ kind: 'login', notice });
  }, []);

  useEffect(() => {
    onSessionLost(() => ended('Your session has ended. Log in again.'));
    onUnauthenticated(() => ended('Your session has ended. Log in again.'));
    api.call('system.info', {}).then(
      (i) => setInfo(i),
      () => {},
    );
    const token = sessionStorage.getItem(SESSION_KEY);
    if (!token) return setPhase({ kind: 'login', notice: null });
    api.call('auth.resume', { sessionToken: token }).then(
      (s) => enter(s, null),
      () => ended(null),
    );
  }, [enter, ended]);

  const logout = useCallback(() => {
    api.call('auth.logout', {}).then(
      () => {
        window.location.hash = '/'; // the next user starts on their own first page
        ended('You have logged out.');
      },
      (e: unknown) => {
        reportError(e, 'Log out');
        ended(null);
      },
    );
  }, [ended]);

  const session: Session | null = useMemo(
    () => (phase.kind === 'ready' ? { user: phase.s.user, permissions: phase.s.permissions, logout } : null),
    [phase, logout],
  );

  const version = hello?.version ?? info?.version ?? null;
  const schemaVersion = hello?.schemaVersion ?? info?.schemaVersion ?? null;

  return (
    <>
      {phase.kind === 'boot' && (
        <div className="auth-page">
          <span className="spinner" aria-label="Loading" />
        </div>
      )}
      {phase.kind === 'login' && <Login version={version} notice={phase.notice} onLoggedIn={enter} />}
      {phase.kind === 'password' && (
        <FirstPasswordChange
          user={phase.s.user}
          knownCurrent={phase.known}
          onLogout={logout}
          onChanged={(user: UserView) => setPhase({ kind: 'ready', s: { ...phase.s, user } })}
        />
      )}
      {session && (
        <SessionContext.Provider value={session}>
          <Shell version={version} schemaVersion={schemaVersion} />
        </SessionContext.Provider>
      )}
      <Toasts />
    </>
  );
}
