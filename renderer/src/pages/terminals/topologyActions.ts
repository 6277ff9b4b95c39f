// "Open console" in the topology's context menu, for the VNFs that have a console style:
// the same one click as the Terminals area's device list (permission terminals.use).
import { registerNodeAction } from '../../topology/actions';
import { openConsoleTab } from './store';

/** VNF types whose lab device has a console (the vIPS has none). */
export const CONSOLE_VNF_TYPES = ['vrouter', 'vfirewall', 'vwebsecurity'];

registerNodeAction({
  id: 'terminals.openConsole',
  label: 'Open console',
  group: 'Tools',
  command: 'terminals.openConsole',
  appliesTo: (n) => n.kind === 'vnf' && CONSOLE_VNF_TYPES.includes(n.type ?? ''),
  run: (c) => openConsoleTab({ targetId: c.nodes[0]!.ref, name: c.nodes[0]!.label }),
});
