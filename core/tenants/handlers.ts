import type { HandlersFor } from '../api/handlers.js';
import { assertTenant } from '../api/handlers.js';
import type { tenantsContract } from './contract.js';
import { slugify, type TenantsService } from './service.js';

export function tenantsHandlers(tenants: TenantsService): HandlersFor<typeof tenantsContract> {
  return {
    'tenants.create'(input, ctx) {
      ctx.setTarget(`tenant:${input.id ?? slugify(input.name)}`);
      const tenant = tenants.create(input);
      ctx.setTarget(`tenant:${tenant.id}`);
      return { tenant };
    },
    'tenants.list'(input) {
      return { tenants: tenants.list(input.includeDisabled) };
    },
    'tenants.get'(input, ctx) {
      assertTenant(ctx, input.id);
      return { tenant: tenants.get(input.id), profile: tenants.profile(input.id) };
    },
    'tenants.update'(input, ctx) {
      ctx.setTarget(`tenant:${input.id}`);
      return { tenant: tenants.update(input) };
    },
  };
}
