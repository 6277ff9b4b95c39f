// What the topology engine needs from whoever knows the inventory (the orchestrator):
// records in the domain's words, and events when they change. The engine turns them into
// graphs and versioned, batched deltas; a source never builds nodes or edges itself.
// README.md in this folder says exactly how the orchestrator provides each field.
import type { Badge, NodeState, OperationEntry, PathRole, ServerRole, Utilization, VnfType } from './contract.js';

export interface DataCentreRecord {
  id: string;
  name: string;
  location?: string;
  /** Default ACTIVE. */
  state?: NodeState;
}

export interface PodRecord {
  id: string;
  dcId: string;
  name: string;
  /** PoD model (small / medium / large). */
  model?: string;
  state: NodeState;
  badges?: Badge[];
  address?: string;
  utilization?: Utilization[];
}

export interface ServerRecord {
  id: string;
  podId: string;
  name: string;
  role: ServerRole;
  state: NodeState;
  badges?: Badge[];
  /** Management address(es). */
  addresses?: string[];
  utilization?: Utilization[];
  detail?: string | null;
}

/** A VNF of a tenant service, or a platform VM (ESC, NSO device manager, VIM controller) on a control server. */
export interface VnfRecord {
  id: string;
  serverId: string;
  /** Host name, e.g. "vr-acme-1a". */
  name: string;
  /** `platform` for ESC / NSO / VIM controller VMs. */
  type: VnfType | 'platform';
  /** Software image, e.g. "CSR1000V 16.9". */
  software?: string;
  state: NodeState;
  badges?: Badge[];
  addresses: string[];
  /** Null for platform VMs. */
  serviceId: string | null;
  tenantId: string | null;
  tenantName?: string | null;
  /** Which path of its service the VNF is on. */
  path?: PathRole | null;
  /** Position in its chain (0 = vRouter). */
  position?: number;
  detail?: string | null;
  utilization?: Utilization[];
}

export interface EnforcerRecord {
  id: string;
  podId: string;
  name: string;
  state: NodeState;
  addresses: string[];
  badges?: Badge[];
}

export interface InfrastructureRecords {
  dataCentres: DataCentreRecord[];
  pods: PodRecord[];
  servers: ServerRecord[];
  vnfs: VnfRecord[];
  enforcers?: EnforcerRecord[];
}

export interface TunnelRecord {
  /** Stable id, e.g. "<service>/site-1/primary". */
  id: string;
  path: PathRole;
  /** The vRouter's public address this tunnel ends on. */
  peer?: string | null;
  up: boolean;
  /** The CPE routes traffic through this tunnel now. */
  active: boolean;
  /** Route cost at the CPE: lower is preferred. */
  metric?: number;
}

export interface SiteRecord {
  id: string;
  name: string;
  /** Street address or LAN prefix, shown and searchable. */
  address?: string;
  lan?: string | null;
  cpe: { id: string; name: string; model?: string; state: NodeState; addresses: string[] };
  tunnels: TunnelRecord[];
}

export interface ChainRecord {
  path: PathRole;
  podName?: string;
  dcName?: string;
  serverName?: string;
  /** Its vRouter is reachable. */
  up: boolean;
  /** VNFs in chain order: vRouter → vFirewall → vWebSecurity (→ vIPS). */
  vnfs: VnfRecord[];
}

export interface ServiceRecord {
  id: string;
  name: string;
  tenantId: string;
  tenantName: string;
  packageName?: string | null;
  state: NodeState;
  redundant: boolean;
  /** The path that carries traffic now; null when none does. */
  activePath: PathRole | null;
  sites: SiteRecord[];
  chains: ChainRecord[];
}

export interface ServiceSummaryRecord {
  id: string;
  name: string;
  tenantId: string;
  tenantName: string;
  packageName?: string | null;
  state: NodeState;
  redundant: boolean;
  activePath: PathRole | null;
  vnfs: number;
  sites: number;
}

/** What a source knows about one node beyond its record; every part is optional. */
export interface NodeDetails {
  properties?: { label: string; value: string }[];
  operations?: OperationEntry[];
  utilization?: Utilization[];
  configuration?: { format: string; text: string };
}

export interface NodeLookup {
  view: 'infrastructure' | 'service';
  serviceId: string | null;
  nodeId: string;
  kind: string;
}

/**
 * A change in the inventory. Records are whole (upserts): the engine compares them with
 * what it holds and publishes only what differs. Removing a group removes what it holds.
 */
export type SourceEvent =
  | { kind: 'dataCentre'; record: DataCentreRecord }
  | { kind: 'pod'; record: PodRecord }
  | { kind: 'server'; record: ServerRecord }
  | { kind: 'vnf'; record: VnfRecord }
  | { kind: 'enforcer'; record: EnforcerRecord }
  | { kind: 'service'; record: ServiceRecord }
  | { kind: 'removed'; what: 'dataCentre' | 'pod' | 'server' | 'vnf' | 'enforcer' | 'service'; id: string }
  /** The source lost track (restart, reset): every view is rebuilt and clients refetch. */
  | { kind: 'resync' };

export type MaybePromise<T> = T | Promise<T>;

/**
 * What the engine holds now, so that a source may skip reading changes nobody would see:
 * the infrastructure view (once someone has opened it), and the services someone opened.
 * A change dropped for that reason is never missed: a view that is opened later is read afresh.
 */
export interface SourceInterest {
  infrastructure(): boolean;
  service(serviceId: string): boolean;
}

export interface TopologySource {
  /** Shown to users as where the data comes from, e.g. "orchestrator". */
  readonly name: string;
  infrastructure(): MaybePromise<InfrastructureRecords>;
  /** Services, all of them or one tenant's. */
  services(filter: { tenantId: string | null }): MaybePromise<ServiceSummaryRecord[]>;
  /** One service with its sites, tunnels and chains; null when there is no such service. */
  service(serviceId: string): MaybePromise<ServiceRecord | null>;
  /** Operation history, utilization, properties and rendered configuration of one node, as far as known. */
  details?(node: NodeLookup): MaybePromise<NodeDetails | null>;
  /** Deliver changes as they happen; returns a function that stops delivery. */
  subscribe(listener: (event: SourceEvent) => void, interest?: SourceInterest): () => void;
}
