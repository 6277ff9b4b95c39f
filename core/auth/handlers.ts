import type { HandlersFor } from '../api/handlers.js';
import { actorOf } from '../api/handlers.js';
import { ApiError } from '../api/errors.js';
import type { authContract } from './contract.js';
import { permissionsOf, type AuthService, type ResolvedSession } from './service.js';

function sessionOut(token: string, s: ResolvedSession) {
  return {
    sessionToken: token,
    expiresAt: new Date(s.expiresAt).toISOString(),
    user: s.user,
    permissions: permissionsOf(s.actor.role),
  };
}

export function authHandlers(auth: AuthService): HandlersFor<typeof authContract> {
  return {
    async 'auth.login'(input, ctx) {
      ctx.setTarget(`user:${input.username.trim().toLowerCase()}`);
      const { token, session } = await auth.login(input.username, input.password, ctx.origin);
      ctx.session.attach(session);
      return sessionOut(token, session);
    },
    'auth.resume'(input, ctx) {
      const s = auth.resolve(input.sessionToken);
      if (!s) throw new ApiError('UNAUTHENTICATED', 'the session has ended or expired: log in again');
      ctx.session.attach(s);
      return sessionOut(input.sessionToken, s);
    },
    'auth.logout'(_input, ctx) {
      const s = ctx.session.current();
      if (s) auth.endSession(s.sessionId);
      ctx.session.detach();
      return { ok: true as const };
    },
    'auth.whoami'(_input, ctx) {
      const a = actorOf(ctx);
      if (!a.userId) throw new ApiError('BAD_INPUT', 'the local system account has no user record');
      return { user: auth.getUser(a.userId), permissions: permissionsOf(a.role) };
    },
    async 'auth.changePassword'(input, ctx) {
      const a = actorOf(ctx);
      if (!a.userId) throw new ApiError('BAD_INPUT', 'the local system account has no password');
      ctx.setTarget(`user:${a.username}`);
      const s = ctx.session.current();
      const user = await auth.changePassword(a.userId, input.currentPassword, input.newPassword, s?.sessionId ?? null);
      if (s) ctx.session.attach({ ...s, mustChangePassword: false });
      return { user };
    },
    'users.list'(input) {
      return { users: auth.listUsers(input.includeDisabled) };
    },
    async 'users.create'(input, ctx) {
      ctx.setTarget(`user:${input.username}`);
      return auth.createUser(input);
    },
    'users.update'(input, ctx) {
      ctx.setTarget(`user:${input.id}`);
      return { user: auth.updateUser(input, actorOf(ctx)) };
    },
    async 'users.resetPassword'(input, ctx) {
      ctx.setTarget(`user:${input.id}`);
      return auth.resetPassword(input.id, input.password);
    },
    'audit.list'(input) {
      return auth.listAudit(input);
    },
  };
}
