// "Open console" in the topology's context menu (the place reserved for the terminals in
// renderer/src/topology/actions.ts: id `terminals.open`, group Tools): for VNFs with a
// console style and IPsec enforcers, to users who may open consoles (terminals.use). The
// same one click as the Terminals area's device list: the tab opens, the Terminals area
// shows it.
import { registerNodeAction } from '../../topology/actions';
import { openConsoleTab } from './store';
import { nodeHasConsole } from './devices';

registerNodeAction({
  id: 'terminals.open',
  label: 'Open console',
  group: 'Tools',
  command: 'terminals.openConsole',
  appliesTo: (n) => nodeHasConsole(n),
  run: (c) => openConsoleTab({ targetId: c.nodes[0]!.ref, name: c.nodes[0]!.label }),
});
