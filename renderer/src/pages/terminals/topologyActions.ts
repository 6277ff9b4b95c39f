// "Open console" in the topology's context menu, for the VNFs that have a console style:
// the same one click as the Terminals area's device list (permission terminals.use).
import { registerNodeAction } from '../../topology/actions';
import { openConsoleTab } from './store';
import { nodeHasConsole } from './devices';

registerNodeAction({
  id: 'terminals.openConsole',
  label: 'Open console',
  group: 'Tools',
  command: 'terminals.openConsole',
  appliesTo: (n) => nodeHasConsole(n),
  run: (c) => openConsoleTab({ targetId: c.nodes[0]!.ref, name: c.nodes[0]!.label }),
});
