import type { HandlersFor } from '../api/handlers.js';
import { actorOf } from '../api/handlers.js';
import type { orchestratorContract } from './contract.js';
import type { OrchestratorService } from './service.js';

export function orchestratorHandlers(o: OrchestratorService): HandlersFor<typeof orchestratorContract> {
  return {
    'services.plan'(input, ctx) {
      return o.plan(actorOf(ctx), input);
    },
    async 'services.order'(input, ctx) {
      ctx.setTarget(`tenant:${input.tenantId ?? actorOf(ctx).tenantId ?? '?'}`);
      const r = await o.order(actorOf(ctx), input);
      ctx.setTarget(`service:${r.service.id}`);
      return r;
    },
    'services.get'(input, ctx) {
      return { service: o.getService(actorOf(ctx), input.id) };
    },
    'services.list'(input, ctx) {
      return o.listServices(actorOf(ctx), input);
    },
    'services.update'(input, ctx) {
      ctx.setTarget(`service:${input.id}`);
      return o.update(actorOf(ctx), input);
    },
    'services.delete'(input, ctx) {
      ctx.setTarget(`service:${input.id}`);
      return o.remove(actorOf(ctx), input);
    },
    'services.repair'(input, ctx) {
      ctx.setTarget(`service:${input.id}`);
      return o.repair(actorOf(ctx), input);
    },
    'vnfs.redeploy'(input, ctx) {
      ctx.setTarget(`vnf:${input.id}`);
      return o.redeployVnf(actorOf(ctx), input);
    },
    'services.configs'(input) {
      return o.configs(input.id);
    },
    'operations.get'(input, ctx) {
      return { operation: o.getOp(actorOf(ctx), input.id) };
    },
    'operations.list'(input, ctx) {
      return o.listOps(actorOf(ctx), input);
    },
    'operations.retry'(input, ctx) {
      ctx.setTarget(`operation:${input.id}`);
      return o.retryOp(actorOf(ctx), input.id, input.wait);
    },
    'operations.rollback'(input, ctx) {
      ctx.setTarget(`operation:${input.id}`);
      return o.rollbackOp(actorOf(ctx), input.id, input.wait);
    },
    'operations.cancel'(input, ctx) {
      ctx.setTarget(`operation:${input.id}`);
      return o.cancelOp(actorOf(ctx), input.id, input.wait);
    },
    'pods.list'() {
      return o.podsList();
    },
    'pods.get'(input) {
      return o.podGet(input.id);
    },
    'pods.capacity'(input) {
      return o.podsCapacity(input.podId);
    },
    'pods.models'() {
      return { models: o.models() };
    },
    'pods.updateModel'(input, ctx) {
      ctx.setTarget(`pod-model:${input.model.id}`);
      return { model: o.updateModel(input.model) };
    },
    'datacentres.create'(input, ctx) {
      ctx.setTarget(`dc:${input.name}`);
      return { dataCentre: o.createDc(input.name, input.location) };
    },
    'pods.create'(input, ctx) {
      ctx.setTarget(`pod:${input.name}`);
      return { pod: o.createPod(input.dcId, input.name, input.model, input.vimDriver) };
    },
    'pods.update'(input, ctx) {
      ctx.setTarget(`pod:${input.id}`);
      return { pod: o.updatePod(input.id, input) };
    },
    'servers.update'(input, ctx) {
      ctx.setTarget(`server:${input.id}`);
      return { server: o.updateServer(input.id, input.state) };
    },
    'capacity.calculator'() {
      return o.calculator();
    },
    'capacity.whatIf'(input) {
      return o.whatIf(input.mix);
    },
    'redundancy.status'() {
      return o.redundancyStatus();
    },
    'nodes.list'(input) {
      return o.nodes(input.kind, input.includeRetired);
    },
    'orchestrator.check'() {
      return o.check();
    },
  };
}
