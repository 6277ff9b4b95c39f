// A lab IPsec enforcer as its console sees it (strongSwan on Linux): its row in the lab
// (address, EMS, registration, state) and the connections the EMS configured (../enforcers.ts),
// turned into the `DeviceState` the enforcer shell answers from. Pure.
import type { CryptoSession, DeviceState } from '../../terminals/consoles/state.js';
import { connectedRoutes } from '../../terminals/consoles/state.js';
import type { EnforcerConnection, EnforcerRow } from '../enforcers.js';

export const ENFORCER_MODEL = 'SecMon IPsec enforcer';
export const STRONGSWAN_VERSION = '5.9.8';

/** The swanctl.conf the enforcer wrote from the EMS's configuration (secrets stay with the EMS). */
export function swanctlConf(r: EnforcerRow, conns: EnforcerConnection[]): string {
  const lines = [`# ${r.name}: written from the IPsec EMS (${r.ems_url})`, 'connections {'];
  for (const c of conns) {
    lines.push(
      `  ${c.name} {`,
      `    version = 2`,
      `    local_addrs = ${r.address}`,
      `    remote_addrs = ${c.remote}`,
      `    local { auth = psk }`,
      `    remote { auth = psk }`,
      `    children {`,
      `      ${c.name} {`,
      `        local_ts = ${c.local}/32`,
      `        remote_ts = ${c.remote}/32`,
      `        esp_proposals = aes256gcm16`,
      `        start_action = start`,
      `      }`,
      `    }`,
      `  }`,
    );
  }
  lines.push('}', '');
  return lines.join('\n');
}

export function enforcerNotResponding(r: Pick<EnforcerRow, 'name' | 'status' | 'fault'>): string | null {
  return r.status === 'ACTIVE' ? null : `${r.name} is not responding: the enforcer is in ${r.status}${r.fault ? ` (${r.fault})` : ''}`;
}

export function enforcerState(r: EnforcerRow, conns: EnforcerConnection[], lastFetch: number | null, now: number): DeviceState {
  const up = r.status === 'ACTIVE';
  const interfaces = [
    { name: 'eth0', description: 'management', ip: r.address, prefixLen: r.prefix_len, mac: r.mac, adminUp: true, operUp: up, vrf: null, mtu: 1500 },
  ];
  const crypto: CryptoSession[] = conns.map((c) => ({
    peer: c.remote,
    iface: c.name,
    name: c.name,
    localAddress: r.address,
    status: c.established ? 'UP-ACTIVE' : 'DOWN-NEGOTIATING',
    localSubnet: `${c.local}/32`,
    remoteSubnet: `${c.remote}/32`,
    ikeVersion: 2,
    uptimeS: c.established && c.since !== null ? Math.max(0, Math.floor((now - c.since) / 1000)) : null,
  }));
  return {
    id: r.id,
    kind: 'enforcer',
    hostname: r.name,
    softwareVersion: STRONGSWAN_VERSION,
    model: ENFORCER_MODEL,
    uptimeS: up && r.active_since !== null ? Math.max(0, Math.floor((now - r.active_since) / 1000)) : 0,
    state: r.status,
    runningConfig: swanctlConf(r, conns),
    interfaces,
    routes: [...connectedRoutes(interfaces), { vrf: null, prefix: '0.0.0.0/0', nextHop: r.gateway, iface: 'eth0', protocol: 'static' }],
    crypto,
    // The gateway, the analyser (through it) and the chains' SecMon sides that are up.
    reachable: up ? [r.gateway, r.analyser, ...conns.filter((c) => c.established).map((c) => c.local)] : [],
    notResponding: enforcerNotResponding(r),
    enforcer: {
      emsUrl: r.ems_url,
      registered: up && r.registered_at !== null,
      lastFetch: lastFetch === null ? null : new Date(lastFetch).toISOString(),
      connections: conns.length,
    },
  };
}
