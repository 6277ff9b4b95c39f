import { useState } from 'react';
import { LogOut, Moon, Sun } from 'lucide-react';
import { useSession } from '../app/session';
import { ChangePasswordForm } from './ChangePassword';
import { notify } from '../app/toasts';
import { currentTheme, toggleTheme, type Theme } from '../app/theme';
import { utc } from '../lib/format';
import { shell } from '../lib/transport';

export function AccountPage() {
  const s = useSession();
  const [theme, setTheme] = useState<Theme>(currentTheme());
  return (
    <div className="page" style={{ maxWidth: 900 }}>
      <div className="page-head">
        <h1>Account</h1>
        <span className="grow" />
        <button className="btn" onClick={s.logout}>
          <LogOut size={15} /> Log out
        </button>
      </div>
      <div style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 16 }}>
        <div className="panel">
          <div className="panel-head">
            <h2>You</h2>
          </div>
          <div className="panel-body">
            <dl className="kv">
              <dt>Username</dt>
              <dd>{s.user.username}</dd>
              <dt>Name</dt>
              <dd>{s.user.displayName}</dd>
              <dt>Role</dt>
              <dd>{s.user.role}</dd>
              {s.user.tenantId && (
                <>
                  <dt>Tenant</dt>
                  <dd>{s.user.tenantId}</dd>
                </>
              )}
              <dt>Last login</dt>
              <dd>{utc(s.user.lastLoginAt)}</dd>
              <dt>Permissions</dt>
              <dd>{s.permissions.length ? s.permissions.join(', ') : '—'}</dd>
              <dt>Console</dt>
              <dd>{shell === 'electron' ? 'Desktop (Electron)' : 'Browser shell'}</dd>
            </dl>
            <div className="row" style={{ marginTop: 16 }}>
              <button className="btn" onClick={() => setTheme(toggleTheme())}>
                {theme === 'dark' ? <Sun size={15} /> : <Moon size={15} />} {theme === 'dark' ? 'Light theme' : 'Dark theme'}
              </button>
              <span className="faint">
                <span className="kbd">Ctrl</span> <span className="kbd">Shift</span> <span className="kbd">L</span>
              </span>
            </div>
          </div>
        </div>
        <div className="panel">
          <div className="panel-head">
            <h2>Change password</h2>
          </div>
          <div className="panel-body">
            <ChangePasswordForm user={s.user} onChanged={() => notify('success', 'Password changed', 'Your other sessions have ended.')} />
          </div>
        </div>
      </div>
    </div>
  );
}
