// The south-bound interfaces of a PoD's device manager: the VIM driver (boots and removes
// VNF virtual machines — the embedded lab implements it; an OpenStack Nova/Neutron driver
// would too) and the device driver (pushes configuration into a running VNF — NETCONF in a
// real deployment). See README.md for the contract every driver keeps.

export type VimServerStatus = 'BUILD' | 'ACTIVE' | 'ERROR' | 'SHUTOFF';

export interface VimFlavor {
  vcpu: number;
  ramMb: number;
  diskGb: number;
}

export interface VimPort {
  /** The interface name on the VNF (GigabitEthernet1…). */
  name: string;
  network: 'mgmt' | 'outside' | 'inside' | 'service';
  segment: { type: 'vlan' | 'vxlan' | 'flat'; id: number | null };
  mac: string;
  ip: string | null;
}

export interface CreateServerRequest {
  /** Unique per VNF instance: the driver finds an earlier attempt by it (idempotency). */
  name: string;
  /** The hypervisor (production server) it must run on. */
  host: string;
  image: string;
  flavor: VimFlavor;
  ports: VimPort[];
  /** Day-0 bootstrap handed to the VM at boot (config drive). */
  day0: string;
  metadata: Record<string, string>;
}

export interface VimServer {
  /** The VIM's own id of the server. */
  id: string;
  name: string;
  status: VimServerStatus;
  host: string;
  image: string;
  flavor: VimFlavor;
  /** Why it is in ERROR. */
  fault: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface VimHypervisor {
  host: string;
  state: 'up' | 'down';
  vcpus: number;
  vcpusUsed: number;
  memoryMb: number;
  memoryMbUsed: number;
  localGb: number;
  localGbUsed: number;
  runningVms: number;
}

export interface VimDriver {
  readonly kind: string;
  readonly endpoint: string;
  /** Boot a server; if one with this name exists already, return it unchanged. */
  createServer(req: CreateServerRequest): Promise<VimServer>;
  getServer(name: string): Promise<VimServer | null>;
  /** Remove a server; removing one that does not exist is not an error. */
  deleteServer(name: string): Promise<void>;
  listServers(): Promise<VimServer[]>;
  hypervisors(): Promise<VimHypervisor[]>;
  /** Status changes pushed by the VIM (the lab pushes; a polling driver may emit from its poller). */
  onStatus(listener: (server: VimServer) => void): () => void;
}

export interface DeviceDriver {
  /** Replace the running configuration of a VNF (idempotent: the same text twice is one change). */
  pushConfig(vmName: string, config: string): Promise<void>;
  getConfig(vmName: string): Promise<string | null>;
}

/** A failure of the south-bound side; transient ones are retried with back-off. */
export class SouthboundError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
  ) {
    super(message);
    this.name = 'SouthboundError';
  }
}

export interface PodEndpoint {
  id: string;
  name: string;
  endpoint: string;
}

/** A VIM driver kind makes the drivers of one PoD. */
export type DriverFactory = (pod: PodEndpoint) => { vim: VimDriver; device: DeviceDriver };
