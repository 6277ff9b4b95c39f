// One click from a VNF in a list (the Services page's chain) to its console: shown to users
// who may open consoles, for VNFs that have one.
import { TerminalSquare } from 'lucide-react';
import { allowed, useSession } from '../../app/session';
import { openConsoleTab } from './store';
import { vnfHasConsole } from './devices';

export function OpenConsoleButton(props: { vnf: { id: string; hostname: string; role: string; state: string } }) {
  const session = useSession();
  if (!allowed(session, 'terminals.use') || !vnfHasConsole(props.vnf)) return null;
  return (
    <button
      className="btn small"
      aria-label={`Open the console of ${props.vnf.hostname}`}
      title="Open its console in the Terminals area"
      onClick={() => openConsoleTab({ targetId: props.vnf.id, name: props.vnf.hostname })}
    >
      <TerminalSquare size={13} /> Console
    </button>
  );
}
