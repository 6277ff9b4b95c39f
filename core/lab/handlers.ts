import type { HandlersFor } from '../api/handlers.js';
import { ApiError } from '../api/errors.js';
import type { labContract } from './contract.js';
import type { LabService } from './service.js';

const off = () => new ApiError('UNAVAILABLE', 'the embedded lab is off in this core (it was started with --no-lab)');

export function labHandlers(lab: LabService | null): HandlersFor<typeof labContract> {
  const need = (): LabService => {
    if (!lab) throw off();
    return lab;
  };
  return {
    'lab.status'() {
      if (!lab) {
        return { enabled: false, seeded: false, bootDelayMs: { min: 0, max: 0 }, vms: { total: 0, byStatus: {} }, byPod: [], faults: [], silenced: [], consistency: { vmsWithoutVnf: [], vnfsWithoutVm: [] } };
      }
      return lab.status();
    },
    'lab.vms'(input) {
      return { vms: need().vms(input.podId) };
    },
    async 'lab.reset'(input, ctx) {
      ctx.setTarget('lab');
      return need().reset(input.seed, input.wait);
    },
    'lab.failVnf'(input, ctx) {
      ctx.setTarget(`vnf:${input.vnfId}`);
      return { vm: need().failVnf(input.vnfId, input.reason) };
    },
    'lab.repairVnf'(input, ctx) {
      ctx.setTarget(`vnf:${input.vnfId}`);
      return { vm: need().repairVnf(input.vnfId) };
    },
    'lab.enforcers'(input) {
      return { enforcers: need().enforcerViews(input.podId) };
    },
    'lab.failEnforcer'(input, ctx) {
      ctx.setTarget(`enforcer:${input.enforcerId}`);
      const lab = need();
      return { enforcer: lab.enforcerView(lab.failEnforcer(input.enforcerId, input.reason)) };
    },
    'lab.repairEnforcer'(input, ctx) {
      ctx.setTarget(`enforcer:${input.enforcerId}`);
      const lab = need();
      return { enforcer: lab.enforcerView(lab.repairEnforcer(input.enforcerId)) };
    },
    'lab.failBoots'(input, ctx) {
      ctx.setTarget('lab:faults');
      return { faults: need().failBoots(input) };
    },
    'lab.clearFaults'(_input, ctx) {
      ctx.setTarget('lab:faults');
      return { faults: need().clearFaults() };
    },
    'lab.setBootDelay'(input, ctx) {
      ctx.setTarget('lab:boot-delay');
      return { bootDelayMs: need().setBootDelay(input.minMs, input.maxMs) };
    },
    async 'lab.drill'(input, ctx) {
      ctx.setTarget(`drill:${input.target}${input.podId ? `:${input.podId}` : ''}`);
      return need().drill(input);
    },
    'lab.revive'(input, ctx) {
      ctx.setTarget(`platform:${input.nodeId ?? 'all'}`);
      return { revived: need().revive(input.nodeId) };
    },
  };
}
