import type { HandlersFor } from '../api/handlers.js';
import { actorOf } from '../api/handlers.js';
import type { terminalsContract } from './contract.js';
import type { Terminals } from './capability.js';
import { CONSOLE_PREFIX } from './profiles.js';

export function terminalsHandlers(t: Terminals): HandlersFor<typeof terminalsContract> {
  const { service, profiles } = t;
  return {
    'terminals.profiles.list': () => ({ profiles: profiles.list() }),
    'terminals.profiles.create': (input, ctx) => {
      const profile = profiles.create(input, actorOf(ctx).username);
      ctx.setTarget(`terminal-profile:${profile.id}`);
      return { profile };
    },
    'terminals.profiles.update': (input, ctx) => {
      ctx.setTarget(`terminal-profile:${input.id}`);
      return { profile: profiles.update(input.id, input.profile) };
    },
    'terminals.profiles.delete': (input, ctx) => {
      ctx.setTarget(`terminal-profile:${input.id}`);
      profiles.delete(input.id);
      return { ok: true as const };
    },
    'terminals.profiles.export': () => ({
      format: 'podium-terminal-profiles' as const,
      version: 1 as const,
      exportedAt: new Date().toISOString(),
      profiles: profiles.stored(),
    }),
    'terminals.open': async (input, ctx) => {
      ctx.setTarget(`terminal-profile:${input.profileId}`);
      const session = await service.open(actorOf(ctx), input.profileId, { cols: input.cols, rows: input.rows });
      ctx.setTarget(`terminal:${session.id} (${session.target})`);
      return { session };
    },
    'terminals.openConsole': async (input, ctx) => {
      ctx.setTarget(`console:${input.targetId}`);
      const session = await service.open(actorOf(ctx), CONSOLE_PREFIX + input.targetId, { cols: input.cols, rows: input.rows });
      ctx.setTarget(`terminal:${session.id} (${session.target})`);
      return { session };
    },
    'terminals.list': (input, ctx) => ({ sessions: service.list(actorOf(ctx), input.all) }),
    'terminals.attach': (input, ctx) => service.attach(actorOf(ctx), input.sessionId),
    'terminals.write': (input, ctx) => {
      service.write(actorOf(ctx), input.sessionId, input.data);
      return { ok: true as const };
    },
    'terminals.resize': (input, ctx) => {
      service.resize(actorOf(ctx), input.sessionId, input.cols, input.rows);
      return { ok: true as const };
    },
    'terminals.ack': (input, ctx) => service.ack(actorOf(ctx), input.sessionId, input.upTo),
    'terminals.log': (input, ctx) => {
      ctx.setTarget(`terminal:${input.sessionId}`);
      return { session: service.setLogging(actorOf(ctx), input.sessionId, input.on) };
    },
    'terminals.close': async (input, ctx) => {
      ctx.setTarget(`terminal:${input.sessionId}`);
      await service.close(actorOf(ctx), input.sessionId);
      return { ok: true as const };
    },
  };
}
