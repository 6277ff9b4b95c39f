// Connection profiles: create, edit and delete local-shell, SSH and namespace profiles.
// A pasted SSH key is sent once and never shown back; export leaves it out.
import { useState, type FormEvent } from 'react';
import { Plus, Trash2, Download, KeyRound } from 'lucide-react';
import type { ProfileView } from '../../../../core/terminals/contract';
import type { CommandInput } from '../../../../core/api/contract';
import { useAction, useCommand } from '../../lib/hooks';
import { api } from '../../lib/transport';
import { download } from '../../lib/download';
import { Dialog } from '../../components/Dialog';
import { Field, FormError } from '../../components/Field';
import { Badge } from '../../components/Badge';
import { notify, reportError } from '../../app/toasts';

type Editable = Exclude<ProfileView, { kind: 'console' }>;
type Kind = 'local' | 'ssh' | 'netns';

const words = (s: string) => s.split(/\s+/).filter(Boolean);

function ProfileForm(props: { profile: Editable | null; onDone: () => void }) {
  const p = props.profile;
  const [kind, setKind] = useState<Kind>(p?.kind ?? 'ssh');
  const [name, setName] = useState(p?.name ?? '');
  const [shell, setShell] = useState(p?.kind === 'local' ? (p.shell ?? '') : '');
  const [args, setArgs] = useState(p?.kind === 'local' ? p.args.join(' ') : '');
  const [cwd, setCwd] = useState(p?.kind === 'local' ? (p.cwd ?? '') : '');
  const [host, setHost] = useState(p?.kind === 'ssh' ? p.host : '');
  const [port, setPort] = useState(p?.kind === 'ssh' ? String(p.port) : '22');
  const [user, setUser] = useState(p?.kind === 'ssh' ? (p.user ?? '') : '');
  const [identityFile, setIdentityFile] = useState(p?.kind === 'ssh' ? (p.identityFile ?? '') : '');
  const [privateKey, setPrivateKey] = useState('');
  const [removeKey, setRemoveKey] = useState(false);
  const [namespace, setNamespace] = useState(p?.kind === 'netns' ? p.namespace : '');
  const [command, setCommand] = useState(p?.kind === 'netns' ? p.command.join(' ') : '');
  const create = useAction('terminals.profiles.create');
  const update = useAction('terminals.profiles.update');
  const action = p ? update : create;
  const hasKey = p?.kind === 'ssh' && p.hasPrivateKey;

  function input(): CommandInput<'terminals.profiles.create'> {
    if (kind === 'local') return { kind, name, shell: shell.trim() || null, args: words(args), cwd: cwd.trim() || null };
    if (kind === 'netns') return { kind, name, namespace: namespace.trim(), command: words(command) };
    return {
      kind,
      name,
      host: host.trim(),
      port: Number(port) || 22,
      user: user.trim() || null,
      identityFile: identityFile.trim() || null,
      ...(privateKey.trim() ? { privateKey: privateKey.trim() + '\n' } : removeKey ? { privateKey: null } : {}),
    };
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    const r = p ? await update.run({ id: p.id, profile: input() }) : await create.run(input());
    if (r) {
      notify('success', `${p ? 'Saved' : 'Created'} profile ${r.profile.name}`);
      props.onDone();
    }
  }
  const fe = (path: string) => action.fieldError(p ? `profile.${path}` : path);
  return (
    <form id="profile-form" onSubmit={submit} className="profile-form">
      <FormError message={action.general} />
      <div className="row wrap" style={{ alignItems: 'flex-start' }}>
        <Field label="Kind">
          <select value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
            <option value="ssh">SSH (system ssh client)</option>
            <option value="local">Local shell</option>
            <option value="netns">Network namespace</option>
          </select>
        </Field>
        <Field label="Name" error={fe('name')}>
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </Field>
      </div>
      {kind === 'ssh' && (
        <>
          <div className="row wrap" style={{ alignItems: 'flex-start' }}>
            <Field label="Host" hint="Name or address; ~/.ssh/config applies" error={fe('host')}>
              <input value={host} onChange={(e) => setHost(e.target.value)} required />
            </Field>
            <Field label="Port" error={fe('port')}>
              <input value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" style={{ width: 90 }} />
            </Field>
            <Field label="User" hint="Empty: from ~/.ssh/config" error={fe('user')}>
              <input value={user} onChange={(e) => setUser(e.target.value)} />
            </Field>
          </div>
          <Field
            label="Key file"
            hint="A private key file on the core’s machine (ssh -i); or paste a key below; or neither, to use the agent"
            error={fe('identityFile')}
          >
            <input value={identityFile} onChange={(e) => setIdentityFile(e.target.value)} placeholder="/home/noc/.ssh/id_ed25519" />
          </Field>
          <Field
            label={hasKey ? 'Pasted key (stored — paste to replace)' : 'Pasted key'}
            hint="Kept encrypted in the core, never shown again, left out of exports; written to a private file only while a session runs"
            error={fe('privateKey')}
          >
            <textarea
              value={privateKey}
              onChange={(e) => setPrivateKey(e.target.value)}
              rows={4}
              placeholder={hasKey ? '•••••• stored ••••••' : '-----BEGIN OPENSSH PRIVATE KEY-----'}
              spellCheck={false}
              autoComplete="off"
            />
          </Field>
          {hasKey && (
            <label className="row" style={{ marginTop: -6, marginBottom: 12 }}>
              <input type="checkbox" checked={removeKey} onChange={(e) => setRemoveKey(e.target.checked)} disabled={!!privateKey} /> Remove the stored key
            </label>
          )}
        </>
      )}
      {kind === 'local' && (
        <>
          <Field label="Program" hint="Absolute path; your login shell when empty" error={fe('shell')}>
            <input value={shell} onChange={(e) => setShell(e.target.value)} placeholder="/bin/bash" />
          </Field>
          <Field label="Arguments" hint="Separated by spaces" error={fe('args')}>
            <input value={args} onChange={(e) => setArgs(e.target.value)} />
          </Field>
          <Field label="Directory" hint="Your home when empty" error={fe('cwd')}>
            <input value={cwd} onChange={(e) => setCwd(e.target.value)} />
          </Field>
        </>
      )}
      {kind === 'netns' && (
        <>
          <Field label="Namespace" hint="As listed by ip netns (runs: ip netns exec NAME …)" error={fe('namespace')}>
            <input value={namespace} onChange={(e) => setNamespace(e.target.value)} required />
          </Field>
          <Field label="Command" hint="Your login shell when empty" error={fe('command')}>
            <input value={command} onChange={(e) => setCommand(e.target.value)} />
          </Field>
        </>
      )}
      <div className="row" style={{ justifyContent: 'flex-end' }}>
        <button type="button" className="btn" onClick={props.onDone}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={action.pending}>
          {p ? 'Save profile' : 'Create profile'}
        </button>
      </div>
    </form>
  );
}

export function ProfilesDialog(props: { onClose: () => void }) {
  const profiles = useCommand('terminals.profiles.list', {});
  const [editing, setEditing] = useState<Editable | 'new' | null>(null);
  const list = (profiles.data?.profiles ?? []).filter((p): p is Editable => p.kind !== 'console');
  const consoles = (profiles.data?.profiles ?? []).filter((p) => p.kind === 'console').length;

  async function remove(p: Editable) {
    if (!window.confirm(`Delete the profile "${p.name}"?`)) return;
    try {
      await api.call('terminals.profiles.delete', { id: p.id });
      notify('success', `Deleted ${p.name}`);
      profiles.reload();
    } catch (e) {
      reportError(e, 'Delete profile');
    }
  }
  async function exportAll() {
    try {
      const doc = await api.call('terminals.profiles.export', {});
      download('podium-terminal-profiles.json', new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }));
    } catch (e) {
      reportError(e, 'Export');
    }
  }

  return (
    <Dialog title="Connection profiles" onClose={props.onClose} wide>
      {editing ? (
        <ProfileForm
          profile={editing === 'new' ? null : editing}
          onDone={() => {
            setEditing(null);
            profiles.reload();
          }}
        />
      ) : (
        <>
          <div className="row" style={{ marginBottom: 12 }}>
            <button className="btn primary" onClick={() => setEditing('new')}>
              <Plus size={15} /> New profile
            </button>
            <button className="btn" onClick={exportAll} title="Download the stored profiles as JSON, without their keys">
              <Download size={15} /> Export
            </button>
            <span className="grow" style={{ flex: 1 }} />
            <span className="faint" style={{ fontSize: 12.5 }}>
              {consoles} VNF / enforcer console{consoles === 1 ? '' : 's'} listed automatically
            </span>
          </div>
          <table className="grid" aria-label="Profiles">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Target</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.id}>
                  <td>
                    <b>{p.name}</b>
                  </td>
                  <td>
                    <Badge tone={p.kind === 'ssh' ? 'info' : 'neutral'}>{p.kind}</Badge>
                  </td>
                  <td className="mono">
                    {p.target}
                    {p.kind === 'ssh' && p.hasPrivateKey && (
                      <span title="A pasted key is stored (encrypted)" style={{ marginLeft: 6 }}>
                        <KeyRound size={13} />
                      </span>
                    )}
                  </td>
                  <td style={{ textAlign: 'right', whiteSpace: 'nowrap' }}>
                    {p.builtIn ? (
                      <span className="faint">built in</span>
                    ) : (
                      <>
                        <button className="btn small" onClick={() => setEditing(p)}>
                          Edit
                        </button>{' '}
                        <button className="btn small danger icon" aria-label={`Delete ${p.name}`} onClick={() => remove(p)}>
                          <Trash2 size={13} />
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Dialog>
  );
}
