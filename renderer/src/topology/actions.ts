// Actions on topology nodes, offered in the context menu. Each capability adds its own
// with `registerNodeAction` (module side effect, imported once by the Topology page); an
// action that runs a contract command is offered only to users who may run it, and only
// when this core has it. Registered today: the topology's own (builtinActions.ts), the
// orchestrator's and the lab's (operateActions.ts), the terminals' (id `terminals.open`,
// group 'Tools', "Open console" for VNFs with a console and IPsec enforcers:
// pages/terminals/topologyActions.ts, loaded with the Terminals area) and the flows' (id
// `flows.forNode`, group 'Tools', "Show this node's flows" for nodes with addresses:
// pages/flows/topologyActions.ts, loaded with the Flows area).
import type { TopoNode, ViewName } from '../../../core/topology/contract.js';

export interface NodeActionContext {
  view: ViewName;
  serviceId: string | null;
  nodes: TopoNode[];
  /** Run any contract command (untyped: actions come from many capabilities). */
  call(command: string, input: unknown): Promise<unknown>;
  ui: {
    details(id: string, tab?: 'properties' | 'configuration' | 'operations' | 'utilization'): void;
    centre(id: string): void;
    toggle(id: string): void;
    openService(serviceId: string, nodeId?: string): void;
    openInfrastructure(nodeId: string): void;
    /** Go to another area of the console (hash path, e.g. "/terminals/…"). */
    navigate(path: string): void;
    notify(title: string, message?: string): void;
  };
}

export interface NodeAction {
  id: string;
  label: string;
  group: 'View' | 'Operate' | 'Lab' | 'Tools';
  /** The contract command it runs; the action is hidden from users who may not run it. */
  command?: string;
  /** Which nodes it applies to (every selected node must pass). */
  appliesTo(node: TopoNode, view: ViewName): boolean;
  /** Offered for several selected nodes at once. */
  multi?: boolean;
  danger?: boolean;
  /** A question to confirm before running. */
  confirm?(nodes: TopoNode[]): string;
  run(ctx: NodeActionContext): void | Promise<void>;
}

const registry = new Map<string, NodeAction>();

export function registerNodeAction(a: NodeAction): () => void {
  registry.set(a.id, a);
  return () => {
    if (registry.get(a.id) === a) registry.delete(a.id);
  };
}

const GROUPS: NodeAction['group'][] = ['View', 'Operate', 'Lab', 'Tools'];

/** The actions for these nodes that this user may run, grouped in menu order. */
export function actionsFor(
  nodes: TopoNode[],
  view: ViewName,
  canRun: (command: string) => boolean,
  list: Iterable<NodeAction> = registry.values(),
): NodeAction[] {
  if (nodes.length === 0) return [];
  return [...list]
    .filter((a) => (nodes.length === 1 || a.multi) && nodes.every((n) => a.appliesTo(n, view)) && (!a.command || canRun(a.command)))
    .sort((a, b) => GROUPS.indexOf(a.group) - GROUPS.indexOf(b.group));
}
