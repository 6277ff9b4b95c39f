import { useEffect, useState, type FormEvent } from 'react';
import { LogIn, AlertTriangle, KeyRound } from 'lucide-react';
import { ApiError } from '../../../core/api/errors';
import type { SessionOut } from '../../../core/auth/contract';
import { api, missingStartToken } from '../lib/transport';
import { Field } from '../components/Field';

export function Login(props: { onLoggedIn: (s: SessionOut, password: string) => void; notice?: string | null; version: string | null }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [retryAt, setRetryAt] = useState<number | null>(null);
  const [pending, setPending] = useState(false);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (!retryAt) return;
    const t = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(t);
  }, [retryAt]);
  const waitS = retryAt ? Math.max(0, Math.ceil((retryAt - now) / 1000)) : 0;

  async function submit(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const s = await api.call('auth.login', { username: username.trim(), password });
      props.onLoggedIn(s, password);
    } catch (err) {
      const ae = err instanceof ApiError ? err : null;
      if (ae?.code === 'RATE_LIMITED') setRetryAt(Date.now() + Number(ae.details?.['retryAfterS'] ?? 30) * 1000);
      setError(ae?.message ?? String(err));
    } finally {
      setPending(false);
    }
  }

  return (
    <div className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-label="Log in">
        <div className="brand">
          <img src="./favicon.svg" alt="" />
          <h1>Podium</h1>
        </div>
        <div className="tagline">Operations console for virtual managed network services</div>
        {missingStartToken ? (
          <div className="alert warn" role="alert">
            <KeyRound size={16} />
            <div>
              This console needs the address printed by <code>podium serve</code> (or <code>npm start</code>), with its <code>?token=…</code>. Open that address
              to log in.
            </div>
          </div>
        ) : (
          <>
            {props.notice && !error && <div className="alert info">{props.notice}</div>}
            {error && (
              <div className="alert bad" role="alert">
                <AlertTriangle size={16} />
                <div>{waitS > 0 ? `Too many failed logins: try again in ${waitS} s.` : error}</div>
              </div>
            )}
            <Field label="Username">
              <input name="username" autoComplete="username" autoFocus value={username} onChange={(e) => setUsername(e.target.value)} required />
            </Field>
            <Field label="Password">
              <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </Field>
            <button className="btn primary" type="submit" disabled={pending || waitS > 0 || !username || !password}>
              {pending ? <span className="spinner" /> : <LogIn size={16} />} Log in
            </button>
          </>
        )}
        <div className="foot">{props.version ? `Podium ${props.version}` : 'Podium'}</div>
      </form>
    </div>
  );
}
