// "Show this node's flows" in the topology's context menu (the place reserved for the flows
// in renderer/src/topology/actions.ts: id `flows.forNode`, group Tools): for any node with
// addresses, to users who may query flows. Opens the Flows page filtered on the node's
// addresses — a site's LAN prefix as a prefix, a device's interface addresses as hosts.
// `.js` imports: the renderer's tests import it under NodeNext.
import type { TopoNode } from '../../../../core/topology/contract.js';
import { registerNodeAction } from '../../topology/actions.js';
import { parseAddress } from '../../../../core/flows/query/filter.js';
import { openFlows } from './handoff.js';

/** The filter that matches traffic to or from this node, or null when it has no IP address
 *  (a VIM's endpoint is a URL, a CPE not yet shipped has none). */
export function nodeFlowFilter(n: TopoNode): string | null {
  const addrs = n.addresses.map((a) => (n.kind === 'site' ? a : a.replace(/\/\d+$/, ''))).filter((a) => parseAddress(a).ok);
  if (addrs.length === 0) return null;
  return [...new Set(addrs)].map((a) => `addr = ${a}`).join(' OR ');
}

registerNodeAction({
  id: 'flows.forNode',
  label: "Show this node's flows",
  group: 'Tools',
  command: 'flows.top',
  appliesTo: (n) => nodeFlowFilter(n) !== null,
  run: (c) => openFlows(nodeFlowFilter(c.nodes[0]!)!, c.ui.navigate),
});
