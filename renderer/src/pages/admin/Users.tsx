import { useMemo, useState, type FormEvent } from 'react';
import { UserPlus, RotateCcw, Ban, CheckCircle2 } from 'lucide-react';
import type { UserView } from '../../../../core/auth/contract';
import { PASSWORD_MIN } from '../../../../core/auth/contract';
import { ROLES, type Role } from '../../../../core/api/define';
import { useAction, useCommand, useTopic } from '../../lib/hooks';
import { relativeTime, utc } from '../../lib/format';
import { QueryTable, type Column } from '../../components/DataTable';
import { SearchBox } from '../../components/SearchBox';
import { Dialog, FormButtons } from '../../components/Dialog';
import { Field, FormError } from '../../components/Field';
import { Badge } from '../../components/Badge';
import { CopyButton } from '../../components/CopyButton';
import { notify, reportError } from '../../app/toasts';
import { useSession } from '../../app/session';
import { useShortcut } from '../../app/shortcuts';

const ROLE_TONE: Record<Role, 'info' | 'ok' | 'neutral'> = { admin: 'info', operator: 'ok', customer: 'neutral' };

function Status({ u }: { u: UserView }) {
  if (u.disabled) return <Badge tone="bad">Disabled</Badge>;
  if (u.mustChangePassword)
    return (
      <Badge tone="warn" title="Has not chosen a password yet">
        Password pending
      </Badge>
    );
  return <Badge tone="ok">Active</Badge>;
}

/** The tenants a customer may belong to (disabled ones are marked). */
function TenantSelect(props: { value: string; onChange: (v: string) => void; id?: string; 'aria-describedby'?: string; 'aria-invalid'?: boolean }) {
  const tenants = useCommand('tenants.list', {});
  const list = tenants.data?.tenants ?? [];
  const { value, onChange, ...a11y } = props;
  return (
    <select {...a11y} name="tenantId" value={value} onChange={(e) => onChange(e.target.value)} required>
      <option value="" disabled>
        {tenants.loading ? 'Loading tenants…' : list.length ? 'Choose a tenant' : 'No tenants yet: create one in Tenants'}
      </option>
      {list.map((t) => (
        <option key={t.id} value={t.id}>
          {t.name} ({t.id}){t.disabled ? ' — disabled' : ''}
        </option>
      ))}
    </select>
  );
}

/** The roles a user may have. */
function RoleSelect(props: {
  value: Role;
  onChange: (v: Role) => void;
  name?: string;
  disabled?: boolean;
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}) {
  const { value, onChange, ...rest } = props;
  return (
    <select {...rest} value={value} onChange={(e) => onChange(e.target.value as Role)}>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  );
}

function TemporaryPassword(props: { username: string; password: string; onClose: () => void }) {
  return (
    <Dialog
      title="Temporary password"
      onClose={props.onClose}
      footer={
        <button className="btn primary" onClick={props.onClose}>
          Done
        </button>
      }
    >
      <p className="muted" style={{ marginTop: 0 }}>
        Give this password to <b>{props.username}</b> by a safe channel. It is shown only now; they choose their own at first login.
      </p>
      <div className="secret">
        <code data-testid="temporary-password">{props.password}</code>
        <CopyButton text={props.password} />
      </div>
    </Dialog>
  );
}

function NewUser(props: { onClose: () => void; onCreated: (u: UserView, password: string) => void }) {
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('operator');
  const [tenantId, setTenantId] = useState('');
  const [password, setPassword] = useState('');
  const create = useAction('users.create');
  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = await create.run({
      username: username.trim(),
      role,
      ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
      ...(role === 'customer' ? { tenantId: tenantId.trim() } : {}),
      ...(password ? { password } : {}),
    });
    if (r) props.onCreated(r.user, r.temporaryPassword);
  }
  return (
    <Dialog
      title="New user"
      onClose={props.onClose}
      footer={
        <FormButtons form="new-user" onCancel={props.onClose} disabled={create.pending || !username}>
          {create.pending ? <span className="spinner" /> : <UserPlus size={16} />} Create user
        </FormButtons>
      }
    >
      <form id="new-user" onSubmit={submit}>
        <FormError message={create.general} />
        <Field label="Username" hint="Lower-case letters, digits, . _ -" error={create.fieldError('username')}>
          <input
            name="username"
            value={username}
            onChange={(e) => setUsername(e.target.value.toLowerCase())}
            required
            aria-invalid={!!create.fieldError('username') || undefined}
          />
        </Field>
        <Field label="Display name" hint="Optional; the username when empty" error={create.fieldError('displayName')}>
          <input name="displayName" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field label="Role" error={create.fieldError('role')}>
          <RoleSelect name="role" value={role} onChange={setRole} />
        </Field>
        {role === 'customer' && (
          <Field label="Tenant" hint="A customer belongs to one tenant and sees only it" error={create.fieldError('tenantId')}>
            <TenantSelect value={tenantId} onChange={setTenantId} />
          </Field>
        )}
        <Field
          label="Initial password"
          hint={`Optional; at least ${PASSWORD_MIN} characters. Leave empty to generate one.`}
          error={create.fieldError('password')}
        >
          <input name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
      </form>
    </Dialog>
  );
}

function EditUser(props: { user: UserView; onClose: () => void; onReset: (u: UserView, password: string) => void }) {
  const me = useSession().user;
  const [displayName, setDisplayName] = useState(props.user.displayName);
  const [role, setRole] = useState<Role>(props.user.role);
  const [tenantId, setTenantId] = useState(props.user.tenantId ?? '');
  const update = useAction('users.update');
  const reset = useAction('users.resetPassword');
  const self = me.id === props.user.id;
  async function save(e: FormEvent) {
    e.preventDefault();
    const r = await update.run({ id: props.user.id, displayName, role, tenantId: role === 'customer' ? tenantId : null });
    if (r) {
      notify('success', `Saved ${r.user.username}`);
      props.onClose();
    }
  }
  async function toggle() {
    const r = await update.run({ id: props.user.id, disabled: !props.user.disabled });
    if (r) {
      notify('success', `${r.user.username} ${r.user.disabled ? 'disabled: their sessions have ended' : 'enabled'}`);
      props.onClose();
    } else if (update.error) reportError(update.error);
  }
  async function resetPassword() {
    const r = await reset.run({ id: props.user.id });
    if (r) props.onReset(r.user, r.temporaryPassword);
  }
  return (
    <Dialog
      title={`User ${props.user.username}`}
      onClose={props.onClose}
      footer={
        <>
          <button className="btn" onClick={resetPassword} disabled={reset.pending} title="Make a new temporary password; their sessions end">
            <RotateCcw size={15} /> Reset password
          </button>
          <button className={`btn ${props.user.disabled ? '' : 'danger'}`} onClick={toggle} disabled={update.pending || self}>
            {props.user.disabled ? <CheckCircle2 size={15} /> : <Ban size={15} />} {props.user.disabled ? 'Enable' : 'Disable'}
          </button>
          <span style={{ flex: 1 }} />
          <FormButtons form="edit-user" onCancel={props.onClose} disabled={update.pending}>
            Save
          </FormButtons>
        </>
      }
    >
      <form id="edit-user" onSubmit={save}>
        <FormError message={update.general} />
        <FormError message={reset.error?.message} />
        <dl className="kv" style={{ marginTop: 0, marginBottom: 16 }}>
          <dt>Status</dt>
          <dd>
            <Status u={props.user} />
          </dd>
          <dt>Last login</dt>
          <dd title={utc(props.user.lastLoginAt)}>{relativeTime(props.user.lastLoginAt)}</dd>
          <dt>Created</dt>
          <dd>{utc(props.user.createdAt)}</dd>
        </dl>
        <Field label="Display name" error={update.fieldError('displayName')}>
          <input value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
        </Field>
        <Field label="Role" hint={self ? 'You cannot change your own role' : undefined} error={update.fieldError('role')}>
          <RoleSelect value={role} onChange={setRole} disabled={self} />
        </Field>
        {role === 'customer' && (
          <Field label="Tenant" error={update.fieldError('tenantId')}>
            <TenantSelect value={tenantId} onChange={setTenantId} />
          </Field>
        )}
      </form>
    </Dialog>
  );
}

export function UsersPage() {
  const users = useCommand('users.list', { includeDisabled: true });
  const [filter, setFilter] = useState('');
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserView | null>(null);
  const [secret, setSecret] = useState<{ username: string; password: string } | null>(null);
  useTopic('users.changed', {}, () => users.reload());
  useShortcut('n', () => setCreating(true));

  const rows = useMemo(() => {
    const f = filter.trim().toLowerCase();
    const all = users.data?.users ?? [];
    return f ? all.filter((u) => [u.username, u.displayName, u.role, u.tenantId ?? ''].some((x) => x.toLowerCase().includes(f))) : all;
  }, [users.data, filter]);

  const columns: Column<UserView>[] = [
    { id: 'username', label: 'Username', render: (u) => <b>{u.username}</b>, sort: (u) => u.username },
    { id: 'name', label: 'Name', render: (u) => u.displayName, sort: (u) => u.displayName.toLowerCase() },
    { id: 'role', label: 'Role', render: (u) => <Badge tone={ROLE_TONE[u.role]}>{u.role}</Badge>, sort: (u) => u.role },
    { id: 'tenant', label: 'Tenant', render: (u) => u.tenantId ?? <span className="faint">—</span>, sort: (u) => u.tenantId ?? '' },
    { id: 'status', label: 'Status', render: (u) => <Status u={u} />, sort: (u) => (u.disabled ? 2 : u.mustChangePassword ? 1 : 0) },
    {
      id: 'login',
      label: 'Last login',
      render: (u) => <span title={utc(u.lastLoginAt)}>{relativeTime(u.lastLoginAt)}</span>,
      sort: (u) => u.lastLoginAt ?? '',
    },
    { id: 'created', label: 'Created', render: (u) => <span className="muted">{utc(u.createdAt)}</span>, sort: (u) => u.createdAt },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <h1>Users</h1>
        <span className="sub">{users.data ? `${users.data.users.length} ${users.data.users.length === 1 ? 'user' : 'users'}` : ''}</span>
        <span className="grow" />
        <SearchBox placeholder="Filter users" label="Filter users" value={filter} onChange={setFilter} />
        <button className="btn primary" onClick={() => setCreating(true)}>
          <UserPlus size={16} /> New user <span className="kbd">N</span>
        </button>
      </div>
      <div className="panel">
        <QueryTable
          query={users}
          what="users"
          label="Users"
          rows={rows}
          columns={columns}
          rowKey={(u) => u.id}
          onOpen={setEditing}
          initialSort={{ id: 'username' }}
          empty="No user matches the filter."
        />
      </div>
      {creating && (
        <NewUser
          onClose={() => setCreating(false)}
          onCreated={(u, password) => {
            setCreating(false);
            setSecret({ username: u.username, password });
            users.reload();
          }}
        />
      )}
      {editing && (
        <EditUser
          user={editing}
          onClose={() => setEditing(null)}
          onReset={(u, password) => {
            setEditing(null);
            setSecret({ username: u.username, password });
          }}
        />
      )}
      {secret && <TemporaryPassword {...secret} onClose={() => setSecret(null)} />}
    </div>
  );
}
