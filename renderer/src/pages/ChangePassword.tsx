import { useState, type FormEvent } from 'react';
import { ShieldCheck } from 'lucide-react';
import type { UserView } from '../../../core/auth/contract';
import { PASSWORD_MIN } from '../../../core/auth/contract';
import { useAction } from '../lib/hooks';
import { Field, FormError } from '../components/Field';

/** The forced first-login change (and the Account page's change). */
export function ChangePasswordForm(props: {
  user: UserView;
  knownCurrent?: string;
  onChanged: (u: UserView) => void;
  onCancel?: () => void;
  submitLabel?: string;
}) {
  const [current, setCurrent] = useState(props.knownCurrent ?? '');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const change = useAction('auth.changePassword');
  const mismatch = confirm.length > 0 && next !== confirm;
  const tooShort = next.length > 0 && next.length < PASSWORD_MIN;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch || tooShort) return;
    const r = await change.run({ currentPassword: current, newPassword: next });
    if (r) {
      setCurrent(props.knownCurrent ?? '');
      setNext('');
      setConfirm('');
      props.onChanged(r.user);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Change password">
      <FormError message={change.general} />
      {props.knownCurrent === undefined && (
        <Field label="Current password" error={change.fieldError('currentPassword')}>
          <input name="current" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </Field>
      )}
      <Field
        label="New password"
        hint={`At least ${PASSWORD_MIN} characters, not containing your username.`}
        error={change.fieldError('newPassword') ?? (tooShort ? `At least ${PASSWORD_MIN} characters` : null)}
      >
        <input
          name="new"
          type="password"
          autoComplete="new-password"
          value={next}
          onChange={(e) => setNext(e.target.value)}
          required
          aria-invalid={tooShort || undefined}
        />
      </Field>
      <Field label="Repeat the new password" error={mismatch ? 'The two passwords differ' : null}>
        <input
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          required
          aria-invalid={mismatch || undefined}
        />
      </Field>
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        {props.onCancel && (
          <button type="button" className="btn" onClick={props.onCancel}>
            Cancel
          </button>
        )}
        <button className="btn primary" type="submit" disabled={change.pending || !next || mismatch || tooShort || !current}>
          {change.pending ? <span className="spinner" /> : <ShieldCheck size={16} />} {props.submitLabel ?? 'Change password'}
        </button>
      </div>
    </form>
  );
}

export function FirstPasswordChange(props: { user: UserView; knownCurrent: string | null; onChanged: (u: UserView) => void; onLogout: () => void }) {
  return (
    <div className="auth-page">
      <div className="auth-card">
        <div className="brand">
          <img src="./favicon.svg" alt="" />
          <h1>Choose your password</h1>
        </div>
        <div className="tagline">Welcome, {props.user.displayName}. Your password was set for you; choose your own before you go on.</div>
        <ChangePasswordForm
          user={props.user}
          {...(props.knownCurrent !== null ? { knownCurrent: props.knownCurrent } : {})}
          onChanged={props.onChanged}
          submitLabel="Save and continue"
        />
        <div className="foot">
          <button className="btn ghost small" onClick={props.onLogout}>
            Log out instead
          </button>
        </div>
      </div>
    </div>
  );
}
