// One client's connection to the core, whatever carries it (WebSocket, Electron IPC, or
// an in-process caller). This is the dispatcher: it finds the command, checks the
// session and the permission, validates the input, runs the handler, validates the
// output, and writes the audit record of every state-changing call.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { ApiError, type FieldIssue, type WireError } from '../api/errors.js';
import { commandSpec, rolesFor, topicSpec } from '../api/contract.js';
import type { Actor, CommandSpec } from '../api/define.js';
import type { AttachedSession, HandlerContext, Origin } from '../api/handlers.js';
import type { CallResult } from '../api/wire.js';
import type { TopicBus } from '../api/bus.js';
import type { AuthService } from '../auth/service.js';
import type { Logger } from './log.js';

export type AnyHandler = (input: unknown, ctx: HandlerContext) => unknown;

export interface Dispatch {
  handlers: Readonly<Record<string, AnyHandler>>;
  auth: AuthService;
  bus: TopicBus;
  log: Logger;
  /** Refuse new work while the host shuts down. */
  closing(): boolean;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', userId: null, username: 'system', role: 'admin', tenantId: null };

const SECRET_KEY = /pass(word|phrase)?|secret|token|private.?key|psk/i;
const AUDIT_INPUT_MAX = 4000;

export function redact(input: unknown): string {
  let s: string;
  try {
    s = JSON.stringify(input ?? {}, (k, v: unknown) => (k && SECRET_KEY.test(k) && v !== undefined ? '***' : v)) ?? '{}';
  } catch {
    s = '"(unserialisable)"';
  }
  return s.length > AUDIT_INPUT_MAX ? s.slice(0, AUDIT_INPUT_MAX) + '…' : s;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

function toWire(e: unknown, log: Logger, command: string): WireError {
  if (e instanceof ApiError) return e.toWire();
  const ref = randomBytes(4).toString('hex');
  log.error('command failed', { command, ref, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  return { code: 'INTERNAL', message: `internal error in ${command} (reference ${ref} in the core's log)`, details: { ref } };
}

export interface Subscription {
  id: number;
  topic: string;
  stop: () => void;
}

export class Connection {
  private attached: AttachedSession | null;
  private readonly subs = new Map<number, Subscription>();
  private nextSub = 1;
  private closed = false;

  constructor(
    private readonly d: Dispatch,
    readonly origin: Origin,
    opts: { system?: boolean; onClose?: () => void } = {},
  ) {
    this.attached = opts.system ? { sessionId: '', actor: SYSTEM_ACTOR, mustChangePassword: false } : null;
    this.onClose = opts.onClose ?? (() => {});
  }

  private readonly onClose: () => void;

  get actor(): Actor | null {
    return this.attached?.actor ?? null;
  }

  get sessionId(): string | null {
    return this.attached?.sessionId || null;
  }

  /** The session, re-checked against the store (it may have ended or expired). */
  private liveSession(): AttachedSession | null {
    const a = this.attached;
    if (!a || a.actor.kind === 'system') return a;
    const s = this.d.auth.resolveById(a.sessionId);
    if (!s) {
      this.detach();
      return null;
    }
    this.attached = { sessionId: s.sessionId, actor: s.actor, mustChangePassword: s.mustChangePassword };
    return this.attached;
  }

  private detach() {
    this.attached = null;
    for (const s of this.subs.values()) s.stop();
    this.subs.clear();
  }

  /** Is this session allowed this access? Returns the error to send, or null. */
  private admit(spec: Pick<CommandSpec, 'permission' | 'duringPasswordChange'>, what: string): { error: ApiError | null; session: AttachedSession | null } {
    const session = this.liveSession();
    if (spec.permission === 'public') return { error: null, session };
    if (!session) return { error: new ApiError('UNAUTHENTICATED', 'log in first (no session, or it has ended)'), session };
    if (session.mustChangePassword && !spec.duringPasswordChange) {
      return { error: new ApiError('PASSWORD_CHANGE_REQUIRED', 'change your password before anything else'), session };
    }
    if (spec.permission !== 'session' && !rolesFor(spec.permission).includes(session.actor.role)) {
      return { error: new ApiError('FORBIDDEN', `the ${session.actor.role} role may not ${what} (needs ${spec.permission})`), session };
    }
    return { error: null, session };
  }

  async call(name: string, rawInput: unknown): Promise<CallResult> {
    const t0 = performance.now();
    const spec = commandSpec(name);
    if (!spec) return { ok: false, error: { code: 'UNKNOWN_COMMAND', message: `there is no command "${name}"` } };
    let target: string | null = null;
    const actorBefore = this.attached?.actor ?? null;
    const finish = (result: CallResult): CallResult => {
      if (spec.mutates) {
        const actor = this.attached?.actor ?? actorBefore;
        try {
          this.d.auth.appendAudit({
            actor: actor?.username ?? 'anonymous',
            role: actor?.role ?? '-',
            origin: this.origin,
            command: name,
            target,
            input: redact(rawInput),
            result: result.ok ? 'ok' : 'error',
            errorCode: result.ok ? null : result.error.code,
            errorMessage: result.ok ? null : result.error.message,
            durationMs: Math.round((performance.now() - t0) * 100) / 100,
          });
        } catch (e) {
          this.d.log.error('could not write an audit record', { command: name, error: e as Error });
        }
      }
      return result;
    };

    if (this.closed || this.d.closing()) {
      return finish({ ok: false, error: { code: 'UNAVAILABLE', message: 'the core is shutting down' } });
    }
    const { error, session } = this.admit(spec, `run ${name}`);
    if (error) return finish({ ok: false, error: error.toWire() });
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return finish({
        ok: false,
        error: { code: 'BAD_INPUT', message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), details: { issues } },
      });
    }
    const handler = this.d.handlers[name];
    if (!handler) return finish({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: `"${name}" has no handler in this core` } });
    const ctx: HandlerContext = {
      actor: session?.actor ?? null,
      origin: this.origin,
      setTarget: (t) => (target = t),
      session: {
        current: () => this.attached,
        attach: (s) => (this.attached = s),
        detach: () => this.detach(),
      },
    };
    try {
      const out = await handler(parsed.data, ctx);
      const checked = spec.output.safeParse(out);
      if (!checked.success) {
        this.d.log.error('handler output does not match its schema', { command: name, issues: zodIssues(checked.error) });
        throw new ApiError('INTERNAL', `internal error in ${name}: its answer did not match the contract`);
      }
      return finish({ ok: true, output: checked.data });
    } catch (e) {
      return finish({ ok: false, error: toWire(e, this.d.log, name) });
    }
  }

  /** Subscribe to a topic; events that pass the topic's filters go to onEvent. */
  subscribe(topic: string, rawParams: unknown, onEvent: (event: unknown) => void): { ok: true; sub: number } | { ok: false; error: WireError } {
    const spec = topicSpec(topic);
    if (!spec) return { ok: false, error: { code: 'UNKNOWN_TOPIC', message: `there is no topic "${topic}"` } };
    const { error, session } = this.admit({ permission: spec.permission }, `subscribe to ${topic}`);
    if (error) return { ok: false, error: error.toWire() };
    const parsed = spec.params.safeParse(rawParams ?? {});
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return { ok: false, error: { code: 'BAD_INPUT', message: issues.map((i) => `${i.path}: ${i.message}`).join('; '), details: { issues } } };
    }
    const actor = session?.actor ?? null;
    const stop = this.d.bus.listen(topic, (event) => {
      if (actor) {
        if (actor.role === 'customer' && spec.tenantOf && spec.tenantOf(event) !== actor.tenantId) return;
        if (spec.match && !spec.match(parsed.data, event, actor)) return;
      }
      onEvent(event);
    });
    const id = this.nextSub++;
    this.subs.set(id, { id, topic, stop });
    return { ok: true, sub: id };
  }

  unsubscribe(id: number): boolean {
    const s = this.subs.get(id);
    if (!s) return false;
    s.stop();
    this.subs.delete(id);
    return true;
  }

  /** Drop the session if it ended elsewhere (expired, logged out, user disabled). */
  sweep(): void {
    if (this.attached && this.attached.actor.kind !== 'system') this.liveSession();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.subs.values()) s.stop();
    this.subs.clear();
    this.onClose();
  }
}
