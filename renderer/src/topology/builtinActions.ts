// The topology's own actions. Other capabilities register theirs the same way (see actions.ts).
import { registerNodeAction } from './actions.js';

const GROUP_KINDS = ['dc', 'pod', 'server'];

registerNodeAction({
  id: 'topology.details',
  label: 'Show details',
  group: 'View',
  command: 'topology.details',
  appliesTo: () => true,
  run: (c) => c.ui.details(c.nodes[0]!.id),
});
registerNodeAction({
  id: 'topology.configuration',
  label: 'Show configuration',
  group: 'View',
  command: 'topology.configuration',
  appliesTo: (n) => n.kind === 'vnf' || n.kind === 'cpe' || n.kind === 'platform' || n.kind === 'enforcer',
  run: (c) => c.ui.details(c.nodes[0]!.id, 'configuration'),
});
registerNodeAction({
  id: 'topology.centre',
  label: 'Centre on it',
  group: 'View',
  appliesTo: () => true,
  run: (c) => c.ui.centre(c.nodes[0]!.id),
});
registerNodeAction({
  id: 'topology.toggle',
  label: 'Collapse / expand',
  group: 'View',
  multi: true,
  appliesTo: (n, view) => view === 'infrastructure' && GROUP_KINDS.includes(n.kind),
  run: (c) => c.nodes.forEach((n) => c.ui.toggle(n.id)),
});
registerNodeAction({
  id: 'topology.openService',
  label: 'Open its service chain',
  group: 'View',
  command: 'topology.service',
  appliesTo: (n, view) => view === 'infrastructure' && n.kind === 'vnf' && !!n.serviceId,
  run: (c) => c.ui.openService(c.nodes[0]!.serviceId!, c.nodes[0]!.id),
});
registerNodeAction({
  id: 'topology.openInfrastructure',
  label: 'Show in the infrastructure',
  group: 'View',
  command: 'topology.infrastructure',
  appliesTo: (n, view) => view === 'service' && n.kind === 'vnf',
  run: (c) => c.ui.openInfrastructure(c.nodes[0]!.id),
});
registerNodeAction({
  id: 'topology.copyAddress',
  label: 'Copy address',
  group: 'Tools',
  multi: true,
  appliesTo: (n) => n.addresses.length > 0,
  run: async (c) => {
    const text = c.nodes.map((n) => n.addresses[0]).join('\n');
    await navigator.clipboard?.writeText(text);
    c.ui.notify('Copied', text);
  },
});
