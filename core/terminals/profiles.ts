// Stored connection profiles (local shell, SSH, network namespace), and the built-in
// ones: the local shell, and a console for every device a console provider lists.
import { randomBytes } from 'node:crypto';
import type { Db } from '../store/store.js';
import { ApiError, conflict, notFound } from '../api/errors.js';
import { LOCAL_PROFILE_ID, localProfile, type ProfileInput, type ProfileView } from './contract.js';
import type { ConsoleRegistry } from './consoles/registry.js';
import type { ConsoleTarget } from './consoles/state.js';
import type { SecretBox } from './secrets.js';

export const CONSOLE_PREFIX = 'console:';

const CONSOLE_LABEL: Record<ConsoleTarget['kind'], string> = {
  vrouter: 'vRouter',
  vfirewall: 'vFirewall',
  vwebsecurity: 'vWebSecurity',
  enforcer: 'IPsec enforcer',
};

interface Row {
  id: string;
  name: string;
  kind: 'local' | 'ssh' | 'netns';
  spec: string;
  secret: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

/** A stored profile with its secret opened, for starting a session (never sent to a client). */
export type ResolvedProfile =
  | { view: Extract<ProfileView, { kind: 'local' }> }
  | { view: Extract<ProfileView, { kind: 'ssh' }>; privateKey: string | null }
  | { view: Extract<ProfileView, { kind: 'netns' }> }
  | { view: Extract<ProfileView, { kind: 'console' }> };

type Spec = Omit<ProfileInput, 'name' | 'kind' | 'privateKey'>;

function targetOf(v: { kind: string } & Record<string, unknown>): string {
  switch (v.kind) {
    case 'ssh':
      return `${v['user'] ? `${String(v['user'])}@` : ''}${String(v['host'])}:${String(v['port'])}`;
    case 'netns':
      return `namespace ${String(v['namespace'])}`;
    default:
      return v['shell'] ? String(v['shell']) : 'local shell';
  }
}

export function consoleProfile(t: ConsoleTarget): Extract<ProfileView, { kind: 'console' }> {
  return {
    kind: 'console',
    id: CONSOLE_PREFIX + t.id,
    name: t.name,
    target: `${CONSOLE_LABEL[t.kind]} ${t.name}`,
    builtIn: true,
    createdBy: null,
    updatedAt: null,
    targetId: t.id,
    consoleKind: t.kind,
    tenantId: t.tenantId,
    detail: t.detail,
    state: t.state ?? null,
    tenantName: t.tenantName ?? null,
    serviceId: t.serviceId ?? null,
    serviceName: t.serviceName ?? null,
  };
}


export class ProfileStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    private readonly consoles: ConsoleRegistry,
    private readonly now: () => number,
  ) {}

  private view(r: Row): ProfileView {
    const spec = JSON.parse(r.spec) as Record<string, unknown>;
    const base = { id: r.id, name: r.name, builtIn: false, createdBy: r.created_by, updatedAt: r.updated_at };
    if (r.kind === 'ssh') {
      const v = {
        kind: 'ssh' as const,
        ...base,
        host: String(spec['host']),
        port: Number(spec['port']),
        user: (spec['user'] as string | null) ?? null,
        identityFile: (spec['identityFile'] as string | null) ?? null,
        hasPrivateKey: r.secret !== null,
      };
      return { ...v, target: targetOf(v) };
    }
    if (r.kind === 'netns') {
      const v = { kind: 'netns' as const, ...base, namespace: String(spec['namespace']), command: (spec['command'] as string[]) ?? [] };
      return { ...v, target: targetOf(v) };
    }
    const v = {
      kind: 'local' as const,
      ...base,
      shell: (spec['shell'] as string | null) ?? null,
      args: (spec['args'] as string[]) ?? [],
      cwd: (spec['cwd'] as string | null) ?? null,
    };
    return { ...v, target: targetOf(v) };
  }

  /** Stored profiles only (exports). */
  stored(): ProfileView[] {
    const rows = this.db.prepare('SELECT * FROM terminal_profiles ORDER BY name').all() as Row[];
    return rows.map((r) => this.view(r));
  }

  list(): ProfileView[] {
    return [localProfile, ...this.stored(), ...this.consoles.targets().map(consoleProfile)];
  }

  /** A profile with its secret, for opening a session. */
  resolve(id: string): ResolvedProfile {
    if (id === LOCAL_PROFILE_ID) return { view: localProfile };
    if (id.startsWith(CONSOLE_PREFIX)) {
      const t = this.consoles.target(id.slice(CONSOLE_PREFIX.length));
      if (!t) throw notFound(`console ${id.slice(CONSOLE_PREFIX.length)}`);
      return { view: consoleProfile(t) };
    }
    const r = this.db.prepare('SELECT * FROM terminal_profiles WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw notFound(`profile ${id}`);
    const view = this.view(r);
    if (view.kind === 'ssh') return { view, privateKey: r.secret ? this.box.open(r.secret) : null };
    return { view } as ResolvedProfile;
  }

  private split(input: ProfileInput): { spec: Spec; privateKey: string | null | undefined } {
    const { name: _name, kind: _kind, ...rest } = input;
    if (input.kind === 'ssh') {
      const { privateKey, ...spec } = rest as Spec & { privateKey?: string | null };
      return { spec, privateKey };
    }
    return { spec: rest, privateKey: undefined };
  }

  create(input: ProfileInput, createdBy: string): ProfileView {
    const id = 'tp-' + randomBytes(6).toString('hex');
    const at = new Date(this.now()).toISOString();
    const { spec, privateKey } = this.split(input);
    const secret = privateKey ? this.box.seal(privateKey) : null;
    try {
      this.db
        .prepare('INSERT INTO terminal_profiles (id, name, kind, spec, secret, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(id, input.name, input.kind, JSON.stringify(spec), secret, createdBy, at, at);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw this.nameTaken(input.name);
      throw e;
    }
    return this.resolve(id).view;
  }

  private nameTaken(name: string): ApiError {
    return new ApiError('CONFLICT', `a profile named "${name}" exists already`, {
      issues: [{ path: 'name', message: 'a profile with this name exists already' }],
    });
  }

  update(id: string, input: ProfileInput): ProfileView {
    if (id === LOCAL_PROFILE_ID || id.startsWith(CONSOLE_PREFIX)) throw conflict('built-in profiles cannot be changed');
    const r = this.db.prepare('SELECT * FROM terminal_profiles WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw notFound(`profile ${id}`);
    const { spec, privateKey } = this.split(input);
    // A key is kept unless replaced (a string) or removed (null); it goes when the kind changes.
    const secret = input.kind !== 'ssh' ? null : privateKey === undefined ? r.secret : privateKey === null ? null : this.box.seal(privateKey);
    try {
      this.db
        .prepare('UPDATE terminal_profiles SET name = ?, kind = ?, spec = ?, secret = ?, updated_at = ? WHERE id = ?')
        .run(input.name, input.kind, JSON.stringify(spec), secret, new Date(this.now()).toISOString(), id);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw this.nameTaken(input.name);
      throw e;
    }
    return this.resolve(id).view;
  }

  delete(id: string): void {
    if (id === LOCAL_PROFILE_ID || id.startsWith(CONSOLE_PREFIX)) throw conflict('built-in profiles cannot be deleted');
    const r = this.db.prepare('DELETE FROM terminal_profiles WHERE id = ?').run(id);
    if (r.changes === 0) throw notFound(`profile ${id}`);
  }
}
