// Users, roles, sessions and the audit log. The service other capabilities (and the host's
// dispatcher) call; its tables are its own.
import { createHash, randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../store/store.js';
import type { Actor, Role } from '../api/define.js';
import { ApiError, conflict, notFound } from '../api/errors.js';
import type { Publisher } from '../api/bus.js';
import { rolesFor, contract } from '../api/contract.js';
import { dummyHash, generatePassword, hashPassword, verifyPassword } from './passwords.js';
import type { AuditRecord, UserView } from './contract.js';

export interface TenantDirectory {
  exists(tenantId: string): boolean;
}

export interface AuthOptions {
  db: Db;
  bus: Publisher;
  dataDir: string;
  now?: () => number;
  /** Idle time after which a session ends (default 12 h). */
  sessionIdleMs?: number;
  /** Longest a session lives, however busy (default 7 days). */
  sessionMaxMs?: number;
}

export const LOGIN_FREE_FAILURES = 5;
const LOCK_BASE_MS = 30_000;
const LOCK_MAX_MS = 15 * 60_000;
const TOUCH_EVERY_MS = 60_000;

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  tenant_id: string | null;
  password_hash: string;
  must_change_password: number;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
}

interface SessionRow {
  id: string;
  user_id: string;
  last_seen_at: number;
  expires_at: number;
  hard_expires_at: number;
  ended_at: number | null;
}

export interface ResolvedSession {
  sessionId: string;
  actor: Actor;
  mustChangePassword: boolean;
  expiresAt: number;
  user: UserView;
}

export interface AuditInput {
  actor: string;
  role: string;
  origin: string;
  command: string;
  target: string | null;
  input: string;
  result: 'ok' | 'error';
  errorCode: string | null;
  errorMessage: string | null;
  durationMs: number;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
const newId = (prefix: string) => `${prefix}${randomBytes(6).toString('hex')}`;

function view(r: UserRow): UserView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    tenantId: r.tenant_id,
    disabled: r.disabled === 1,
    mustChangePassword: r.must_change_password === 1,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
  };
}

export function actorFor(user: UserView): Actor {
  return { kind: 'user', userId: user.id, username: user.username, role: user.role, tenantId: user.tenantId };
}

/** Every permission a role holds, from the contract's declarations. */
export function permissionsOf(role: Role): string[] {
  return Object.keys(contract.permissions)
    .filter((p) => rolesFor(p).includes(role))
    .sort();
}

export class AuthService {
  private readonly db: Db;
  private readonly bus: Publisher;
  private readonly now: () => number;
  private readonly idleMs: number;
  private readonly maxMs: number;
  private tenants: TenantDirectory | null = null;
  readonly dataDir: string;

  constructor(opts: AuthOptions) {
    this.db = opts.db;
    this.bus = opts.bus;
    this.dataDir = opts.dataDir;
    this.now = opts.now ?? Date.now;
    this.idleMs = opts.sessionIdleMs ?? 12 * 3600_000;
    this.maxMs = opts.sessionMaxMs ?? 7 * 24 * 3600_000;
  }

  /** The capability that owns tenants tells auth how to check a customer's tenant. */
  setTenantDirectory(dir: TenantDirectory): void {
    this.tenants = dir;
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  private row(id: string): UserRow | undefined {
    return this.db.prepare(`SELECT * FROM users WHERE id = ?`).get(id) as UserRow | undefined;
  }

  private rowByName(username: string): UserRow | undefined {
    return this.db.prepare(`SELECT * FROM users WHERE username = ?`).get(username) as UserRow | undefined;
  }

  getUser(id: string): UserView {
    const r = this.row(id);
    if (!r) throw notFound(`user ${id}`);
    return view(r);
  }

  listUsers(includeDisabled = true): UserView[] {
    const rows = this.db.prepare(`SELECT * FROM users ${includeDisabled ? '' : 'WHERE disabled = 0'} ORDER BY username`).all() as UserRow[];
    return rows.map(view);
  }

  private initialPasswordFile(): string {
    return join(this.dataDir, 'initial-admin-password');
  }

  /**
   * First start: create `admin` with a random password that must be changed at first
   * login. Returns the password (to print once), or null when users already exist.
   */
  async ensureInitialAdmin(): Promise<string | null> {
    const count = (this.db.prepare(`SELECT count(*) AS n FROM users`).get() as { n: number }).n;
    if (count > 0) return null;
    const password = generatePassword();
    const hash = await hashPassword(password);
    const t = this.iso();
    this.db
      .prepare(
        `INSERT INTO users (id, username, display_name, role, tenant_id, password_hash, must_change_password, created_at, updated_at)
         VALUES (?, 'admin', 'Administrator', 'admin', NULL, ?, 1, ?, ?)`,
      )
      .run(newId('u_'), hash, t, t);
    writeFileSync(this.initialPasswordFile(), password + '\n', { mode: 0o600 });
    return password;
  }

  private checkTenant(role: Role, tenantId: string | null | undefined): string | null {
    if (role !== 'customer') {
      if (tenantId)
        throw new ApiError('BAD_INPUT', 'only customers belong to a tenant', { issues: [{ path: 'tenantId', message: 'only customers belong to a tenant' }] });
      return null;
    }
    if (!tenantId) {
      throw new ApiError('BAD_INPUT', 'a customer must belong to a tenant', { issues: [{ path: 'tenantId', message: 'required for a customer' }] });
    }
    if (!this.tenants?.exists(tenantId)) {
      throw new ApiError('BAD_INPUT', `tenant "${tenantId}" does not exist`, { issues: [{ path: 'tenantId', message: 'no such tenant' }] });
    }
    return tenantId;
  }

  async createUser(input: {
    username: string;
    displayName?: string | undefined;
    role: Role;
    tenantId?: string | undefined;
    password?: string | undefined;
  }): Promise<{ user: UserView; temporaryPassword: string }> {
    if (this.rowByName(input.username)) throw conflict(`user "${input.username}" already exists`);
    const tenantId = this.checkTenant(input.role, input.tenantId);
    const password = input.password ?? generatePassword();
    const hash = await hashPassword(password);
    const t = this.iso();
    const id = newId('u_');
    try {
      this.db
        .prepare(
          `INSERT INTO users (id, username, display_name, role, tenant_id, password_hash, must_change_password, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`,
        )
        .run(id, input.username, input.displayName ?? input.username, input.role, tenantId, hash, t, t);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw conflict(`user "${input.username}" already exists`);
      throw e;
    }
    const user = this.getUser(id);
    this.bus.publish('users.changed', { user });
    return { user, temporaryPassword: password };
  }

  private activeAdmins(exceptId: string): number {
    return (this.db.prepare(`SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id != ?`).get(exceptId) as { n: number }).n;
  }

  updateUser(
    input: { id: string; displayName?: string | undefined; role?: Role | undefined; tenantId?: string | null | undefined; disabled?: boolean | undefined },
    by: Actor,
  ): UserView {
    const cur = this.row(input.id);
    if (!cur) throw notFound(`user ${input.id}`);
    const role = input.role ?? cur.role;
    const tenantId = this.checkTenant(role, input.tenantId === undefined ? cur.tenant_id : input.tenantId);
    const disabled = input.disabled ?? cur.disabled === 1;
    const losesAdmin = cur.role === 'admin' && cur.disabled === 0 && (role !== 'admin' || disabled);
    if (losesAdmin && this.activeAdmins(cur.id) === 0) {
      throw conflict('this is the last active admin: make another admin first');
    }
    if (by.userId === cur.id && (disabled || role !== cur.role)) {
      throw conflict('you cannot disable yourself or change your own role');
    }
    this.db
      .prepare(`UPDATE users SET display_name = ?, role = ?, tenant_id = ?, disabled = ?, updated_at = ? WHERE id = ?`)
      .run(input.displayName ?? cur.display_name, role, tenantId, disabled ? 1 : 0, this.iso(), cur.id);
    if (disabled || role !== cur.role || tenantId !== cur.tenant_id) this.endSessionsOf(cur.id);
    const user = this.getUser(cur.id);
    this.bus.publish('users.changed', { user });
    return user;
  }

  async resetPassword(id: string, password?: string): Promise<{ user: UserView; temporaryPassword: string }> {
    const cur = this.row(id);
    if (!cur) throw notFound(`user ${id}`);
    const pw = password ?? generatePassword();
    const hash = await hashPassword(pw);
    this.db.prepare(`UPDATE users SET password_hash = ?, must_change_password = 1, updated_at = ? WHERE id = ?`).run(hash, this.iso(), id);
    this.db.prepare(`DELETE FROM login_failures WHERE username = ?`).run(cur.username);
    this.endSessionsOf(id);
    const user = this.getUser(id);
    this.bus.publish('users.changed', { user });
    return { user, temporaryPassword: pw };
  }

  async changePassword(userId: string, current: string, next: string, keepSessionId: string | null): Promise<UserView> {
    const cur = this.row(userId);
    if (!cur) throw notFound(`user ${userId}`);
    if (!(await verifyPassword(current, cur.password_hash))) {
      throw new ApiError('BAD_INPUT', 'the current password is not right', { issues: [{ path: 'currentPassword', message: 'not right' }] });
    }
    if (next === current) {
      throw new ApiError('BAD_INPUT', 'the new password must differ from the current one', {
        issues: [{ path: 'newPassword', message: 'same as the current password' }],
      });
    }
    if (next.toLowerCase().includes(cur.username.toLowerCase())) {
      throw new ApiError('BAD_INPUT', 'the new password must not contain the username', {
        issues: [{ path: 'newPassword', message: 'contains the username' }],
      });
    }
    const hash = await hashPassword(next);
    this.db.prepare(`UPDATE users SET password_hash = ?, must_change_password = 0, updated_at = ? WHERE id = ?`).run(hash, this.iso(), userId);
    // Other sessions of this user end; this one stays.
    this.db.prepare(`UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL AND id != ?`).run(this.now(), userId, keepSessionId ?? '');
    if (cur.username === 'admin') rmSync(this.initialPasswordFile(), { force: true });
    const user = this.getUser(userId);
    this.bus.publish('users.changed', { user });
    return user;
  }

  /** Verify a login, with back-off: after 5 failures in a row a name is locked for 30 s, doubling to 15 min. */
  async login(username: string, password: string, origin: string): Promise<{ token: string; session: ResolvedSession }> {
    const name = username.trim().toLowerCase();
    const t = this.now();
    const fail = this.db.prepare(`SELECT * FROM login_failures WHERE username = ?`).get(name) as { failures: number; locked_until: number } | undefined;
    if (fail && fail.locked_until > t) {
      const retryAfterS = Math.ceil((fail.locked_until - t) / 1000);
      throw new ApiError('RATE_LIMITED', `too many failed logins for "${name}": try again in ${retryAfterS} s`, { retryAfterS });
    }
    const row = this.rowByName(name);
    const ok = row ? await verifyPassword(password, row.password_hash) : (await verifyPassword(password, await dummyHash()), false);
    if (!row || !ok) {
      const failures = (fail?.failures ?? 0) + 1;
      const over = failures - LOGIN_FREE_FAILURES;
      const lockedUntil = over >= 0 ? t + Math.min(LOCK_BASE_MS * 2 ** over, LOCK_MAX_MS) : 0;
      this.db
        .prepare(
          `INSERT INTO login_failures (username, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
           ON CONFLICT(username) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
        )
        .run(name, failures, t, lockedUntil);
      throw new ApiError('UNAUTHENTICATED', 'wrong username or password');
    }
    if (row.disabled) throw new ApiError('FORBIDDEN', 'this account is disabled; ask an administrator');
    this.db.prepare(`DELETE FROM login_failures WHERE username = ?`).run(name);
    this.db.prepare(`UPDATE users SET last_login_at = ? WHERE id = ?`).run(this.iso(t), row.id);
    const token = `ps_${randomBytes(32).toString('base64url')}`;
    const sessionId = newId('s_');
    this.db
      .prepare(
        `INSERT INTO sessions (id, token_hash, user_id, origin, created_at, last_seen_at, expires_at, hard_expires_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(sessionId, tokenHash(token), row.id, origin, t, t, t + this.idleMs, t + this.maxMs);
    const session = this.resolve(token);
    if (!session) throw new ApiError('INTERNAL', 'session was not stored');
    return { token, session };
  }

  /** The live session for a token, or null if it is unknown, ended, expired or its user is disabled. */
  resolve(token: string): ResolvedSession | null {
    const s = this.db
      .prepare(`SELECT id, user_id, last_seen_at, expires_at, hard_expires_at, ended_at FROM sessions WHERE token_hash = ?`)
      .get(tokenHash(token)) as SessionRow | undefined;
    return s ? this.check(s) : null;
  }

  /** Re-check a session by id (each call on a connection does this). */
  resolveById(sessionId: string): ResolvedSession | null {
    const s = this.db.prepare(`SELECT id, user_id, last_seen_at, expires_at, hard_expires_at, ended_at FROM sessions WHERE id = ?`).get(sessionId) as
      SessionRow | undefined;
    return s ? this.check(s) : null;
  }

  private check(s: SessionRow): ResolvedSession | null {
    const t = this.now();
    if (s.ended_at !== null || t >= s.expires_at || t >= s.hard_expires_at) return null;
    const u = this.row(s.user_id);
    if (!u || u.disabled) return null;
    let expiresAt = s.expires_at;
    if (t - s.last_seen_at >= TOUCH_EVERY_MS) {
      expiresAt = Math.min(t + this.idleMs, s.hard_expires_at);
      this.db.prepare(`UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE id = ?`).run(t, expiresAt, s.id);
    }
    const user = view(u);
    return { sessionId: s.id, actor: actorFor(user), mustChangePassword: user.mustChangePassword, expiresAt, user };
  }

  endSession(sessionId: string): void {
    this.db.prepare(`UPDATE sessions SET ended_at = ? WHERE id = ? AND ended_at IS NULL`).run(this.now(), sessionId);
  }

  private endSessionsOf(userId: string): void {
    this.db.prepare(`UPDATE sessions SET ended_at = ? WHERE user_id = ? AND ended_at IS NULL`).run(this.now(), userId);
  }

  appendAudit(a: AuditInput): AuditRecord {
    const at = this.iso();
    const info = this.db
      .prepare(
        `INSERT INTO audit (at, actor, role, origin, command, target, input, result, error_code, error_message, duration_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(at, a.actor, a.role, a.origin, a.command, a.target, a.input, a.result, a.errorCode, a.errorMessage, a.durationMs);
    const rec: AuditRecord = { id: Number(info.lastInsertRowid), at, ...a };
    this.bus.publish('audit.appended', rec);
    return rec;
  }

  listAudit(q: {
    limit: number;
    before?: number | undefined;
    actor?: string | undefined;
    command?: string | undefined;
    result?: 'ok' | 'error' | undefined;
    since?: string | undefined;
    until?: string | undefined;
  }): { records: AuditRecord[]; nextBefore: number | null } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, ...values: (string | number)[]) => {
      where.push(clause);
      args.push(...values);
    };
    if (q.before !== undefined) add('id < ?', q.before);
    if (q.actor) add('actor = ?', q.actor);
    if (q.command) {
      if (q.command.endsWith('.')) add('substr(command, 1, ?) = ?', q.command.length, q.command);
      else add('command = ?', q.command);
    }
    if (q.result) add('result = ?', q.result);
    if (q.since) add('at >= ?', q.since);
    if (q.until) add('at < ?', q.until);
    const rows = this.db
      .prepare(
        `SELECT id, at, actor, role, origin, command, target, input, result, error_code AS errorCode, error_message AS errorMessage, duration_ms AS durationMs
         FROM audit ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...args, q.limit + 1) as AuditRecord[];
    const more = rows.length > q.limit;
    const records = more ? rows.slice(0, q.limit) : rows;
    return { records, nextBefore: more ? (records.at(-1)?.id ?? null) : null };
  }
}
