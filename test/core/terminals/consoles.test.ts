// The console engine, one device style at a time, on fixture device states: the commands
// answer from the state they are given, abbreviations and errors are the device's own.
import { describe, expect, it } from 'vitest';
import { createCli, type Cli, type ConsoleIO } from '../../../core/terminals/consoles/cli.js';
import { connectedRoutes, consoleKindOfRole, listedIn, pingFromState, routeFor, vrfsOf, type DeviceState } from '../../../core/terminals/consoles/state.js';
import { enforcer, vfirewall, vrouter, vwebsecurity } from './fixtures.js';

function cli(state: DeviceState): { cli: Cli; state: DeviceState } {
  const st = structuredClone(state);
  const io: ConsoleIO = { snapshot: async () => structuredClone(st), ping: async (d, n, vrf) => pingFromState(st, d, n, vrf ?? null) };
  return { cli: createCli(st, io), state: st };
}

async function run(c: Cli, ...lines: string[]): Promise<string> {
  let out = '';
  for (const l of lines) out = (await c.run(l)).out;
  return out;
}

describe('vRouter (IOS XE style)', () => {
  it('starts in user EXEC and needs enable for the running configuration', async () => {
    const { cli: c } = cli(vrouter);
    expect(c.prompt()).toBe('acme-7f3a-vr-p>');
    expect(await run(c, 'show running-config')).toContain("% Invalid input detected at '^' marker.");
    await run(c, 'enable');
    expect(c.prompt()).toBe('acme-7f3a-vr-p#');
    const cfg = await run(c, 'show running-config');
    expect(cfg).toMatch(/^Building configuration\.\.\./);
    expect(cfg).toContain('hostname acme-7f3a-vr-p');
    expect(cfg).toContain('tunnel protection ipsec profile IPSEC-PROFILE');
  });

  it('takes abbreviations and lists interfaces from the state', async () => {
    const { cli: c } = cli(vrouter);
    await run(c, 'en');
    const brief = await run(c, 'sh ip int br');
    expect(brief).toMatch(/GigabitEthernet1\s+203\.0\.113\.10\s+YES manual up\s+up/);
    expect(brief).toMatch(/GigabitEthernet3\s+unassigned\s+YES unset\s+administratively down down/);
    const one = await run(c, 'show interfaces GigabitEthernet1');
    expect(one).toContain('GigabitEthernet1 is up, line protocol is up');
    expect(one).toContain('address is 5254.000a.0001');
    expect(one).toContain('Internet address is 203.0.113.10/24');
    expect(one).toContain('1200 packets input, 150000 bytes');
  });

  it('shows the global and the VRF routing tables', async () => {
    const { cli: c } = cli(vrouter);
    const global = await run(c, 'show ip route');
    expect(global).toContain('Gateway of last resort is 203.0.113.1 to network 0.0.0.0');
    expect(global).toMatch(/^S\*\s+0\.0\.0\.0\/0 \[1\/0\] via 203\.0\.113\.1, GigabitEthernet1$/m);
    expect(global).toMatch(/^C\s+203\.0\.113\.0\/24 is directly connected, GigabitEthernet1$/m);
    expect(global).not.toContain('192.168.10.0');
    const ivrf = await run(c, 'sh ip ro vrf IVRF');
    expect(ivrf).toContain('Routing Table: IVRF');
    expect(ivrf).toContain('Gateway of last resort is 10.20.0.2');
    expect(ivrf).toContain('192.168.10.0/24');
    expect(await run(c, 'show ip route vrf NOPE')).toBe('% IP routing table NOPE does not exist');
  });

  it('shows crypto sessions as they are in the state', async () => {
    const { cli: c } = cli(vrouter);
    const out = await run(c, 'show crypto session');
    expect(out).toContain('Interface: Virtual-Access2');
    expect(out).toMatch(/Session status: UP-ACTIVE\nPeer: 198\.51\.100\.20 port 500/);
    expect(out).toMatch(/Session status: DOWN-NEGOTIATING\nPeer: 198\.51\.100\.21/);
    expect(await run(c, 'sh cry sess det')).toContain("#pkts dec'ed 420");
  });

  it('pings from the lab state: reachable, silent and invalid addresses', async () => {
    const { cli: c, state } = cli(vrouter);
    expect(await run(c, 'ping 203.0.113.1')).toMatch(/!!!!!\nSuccess rate is 100 percent \(5\/5\)/);
    expect(await run(c, 'ping 203.0.113.99')).toMatch(/\.\.\.\.\.\nSuccess rate is 0 percent \(0\/5\)/);
    expect(await run(c, 'ping 198.51.100.20 repeat 3')).toContain('Sending 3, 100-byte ICMP Echos to 198.51.100.20');
    expect(await run(c, 'ping nosuchhost')).toBe('% Unrecognized host or address, or protocol not running.');
    // The state changes (the uplink goes down): the same ping fails.
    state.interfaces[0]!.operUp = false;
    expect(await run(c, 'ping 203.0.113.1')).toContain('Success rate is 0 percent');
  });

  it('pings in a VRF: the VRF’s own reachable list, ranges of hosts, and an unknown VRF', async () => {
    const { cli: c, state } = cli({ ...vrouter, reachableInVrf: { IVRF: ['10.20.0.2', '192.168.10.10-192.168.10.29'] } });
    expect(await run(c, 'ping vrf IVRF 192.168.10.20')).toMatch(/!!!!!\nSuccess rate is 100 percent \(5\/5\)/);
    expect(await run(c, 'ping vrf IVRF 192.168.10.20 repeat 2')).toMatch(/Sending 2, 100-byte ICMP Echos to 192\.168\.10\.20.*\n!!\n/);
    // Past the range, and from the global table (its default route leads elsewhere): no answer.
    expect(await run(c, 'ping vrf IVRF 192.168.10.30')).toContain('Success rate is 0 percent (0/5)');
    expect(await run(c, 'ping 192.168.10.20')).toContain('Success rate is 0 percent (0/5)');
    expect(await run(c, 'ping vrf IVRF 10.20.0.2')).toContain('Success rate is 100 percent');
    expect(await run(c, 'ping vrf NOPE 10.20.0.2')).toBe('% VRF NOPE does not exist.');
    // The site’s tunnel goes down (the provider drops its route and its hosts): no answer.
    state.routes = state.routes.filter((r) => r.iface !== 'Virtual-Access2');
    state.reachableInVrf = { IVRF: ['10.20.0.2'] };
    expect(await run(c, 'ping vrf IVRF 192.168.10.20 repeat 3')).toMatch(/\n\.\.\.\nSuccess rate is 0 percent \(0\/3\)$/);
  });

  it('answers unknown, ambiguous and incomplete input in IOS words', async () => {
    const { cli: c } = cli(vrouter);
    await run(c, 'enable');
    const bad = await run(c, 'show frobnicate');
    expect(bad.split('\n')).toEqual([' '.repeat('acme-7f3a-vr-p#'.length + 5) + '^', "% Invalid input detected at '^' marker."]);
    expect(await run(c, 'sh i')).toBe('% Ambiguous command:  "sh i"');
    expect(await run(c, 'show')).toBe('% Incomplete command.');
    const help = await c.run('show ?');
    expect(help.out).toContain('running-config');
    expect(help.prefill).toBe('show ');
    expect(c.complete('sh run')).toEqual([['running-config '], 'run']);
  });

  it('filters output with | include, | exclude, | begin and | section', async () => {
    const { cli: c } = cli(vrouter);
    await run(c, 'enable');
    expect(await run(c, 'show running-config | include hostname')).toBe('hostname acme-7f3a-vr-p');
    expect(await run(c, 'sh run | i ^interface')).toBe('interface GigabitEthernet1\ninterface GigabitEthernet2\ninterface Virtual-Template1 type tunnel');
    expect(await run(c, 'show running-config | section Virtual-Template1')).toBe(
      'interface Virtual-Template1 type tunnel\n vrf forwarding IVRF\n ip unnumbered GigabitEthernet2\n tunnel source GigabitEthernet1\n tunnel mode ipsec ipv4\n tunnel protection ipsec profile IPSEC-PROFILE',
    );
    expect(await run(c, 'show ip int brief | exclude unassigned')).not.toContain('GigabitEthernet3');
    expect((await run(c, 'show running-config | begin ip route')).split('\n')[0]).toBe('ip route 0.0.0.0 0.0.0.0 203.0.113.1');
  });

  it('enters configuration modes and leaves them, read-only', async () => {
    const { cli: c } = cli(vrouter);
    await run(c, 'enable');
    expect(await run(c, 'conf t')).toContain('Enter configuration commands');
    expect(c.prompt()).toBe('acme-7f3a-vr-p(config)#');
    await run(c, 'interface GigabitEthernet2');
    expect(c.prompt()).toBe('acme-7f3a-vr-p(config-if)#');
    expect(await run(c, 'shutdown')).toContain('read-only');
    expect(await run(c, 'do show ip int brief')).toContain('GigabitEthernet2');
    await run(c, 'exit');
    expect(c.prompt()).toBe('acme-7f3a-vr-p(config)#');
    expect(c.interrupt()).toBe('^Z');
    expect(c.prompt()).toBe('acme-7f3a-vr-p#');
    expect((await c.run('exit')).exit).toBe(true);
  });
});

describe('vFirewall (ASA style)', () => {
  it('shows its configuration, interfaces by nameif and routes with masks', async () => {
    const { cli: c } = cli(vfirewall);
    await run(c, 'enable');
    const cfg = await run(c, 'show running-config');
    expect(cfg).toMatch(/^: Saved/);
    expect(cfg).toContain('ASA Version 9.16(3)');
    expect(cfg).toContain('nameif inside');
    expect(await run(c, 'show interface')).toContain('Interface GigabitEthernet0/1 "inside", is up, line protocol is up');
    const routes = await run(c, 'show route');
    expect(routes).toMatch(/^S\*\s+0\.0\.0\.0 0\.0\.0\.0 \[1\/0\] via 198\.18\.0\.1, outside$/m);
    expect(routes).toMatch(/^C\s+10\.20\.0\.0 255\.255\.255\.252 is directly connected, inside$/m);
    expect(await run(c, 'show nat')).toContain('nat (inside,outside) dynamic interface');
  });

  it('answers errors the ASA way', async () => {
    const { cli: c } = cli(vfirewall);
    const bad = await run(c, 'foo');
    expect(bad).toBe(' '.repeat('acme-7f3a-fw-p>'.length) + "^\nERROR: % Invalid input detected at '^' marker.");
    expect(await run(c, 'ping 10.20.0.1')).toContain('Success rate is 100 percent');
  });
});

describe('vWebSecurity (AsyncOS style)', () => {
  it('shows its filtering level and configuration, refuses unknown commands', async () => {
    const { cli: c } = cli(vwebsecurity);
    expect(c.prompt()).toBe('acme-7f3a-ws-p> ');
    expect(await run(c, 'status')).toMatch(/URL filtering level:\s+medium/);
    expect(await run(c, 'urlfiltering')).toBe('URL filtering level: medium (the default)');
    expect(await run(c, 'showconfig')).toContain('<prox_acl_url_filtering_level>medium');
    expect(await run(c, 'ifconfig')).toContain('Management (10.30.0.5/24 on M1: up)');
    expect(await run(c, 'show running-config')).toBe('Unknown command or missing feature key: show');
    expect(await run(c, 'ping 10.30.0.1')).toContain('5 packets transmitted, 5 received, 0% packet loss');
  });
});

describe('IPsec enforcer shell', () => {
  it('lists SAs and connections, addresses and routes, and its EMS registration', async () => {
    const { cli: c } = cli(enforcer);
    expect(c.prompt()).toBe('root@secmon-enf-1:~# ');
    const sas = await run(c, 'swanctl --list-sas');
    expect(sas).toContain('secmon-analyser-1: #1, ESTABLISHED, IKEv2');
    expect(sas).toContain("remote '10.40.0.20' @ 10.40.0.20[4500]");
    expect(await run(c, 'ip route')).toContain('default via 10.40.0.1 dev eth0 proto static');
    expect(await run(c, 'ip addr')).toContain('inet 10.40.0.10/24 scope global eth0');
    expect(await run(c, 'enforcer status')).toContain('Registered:       yes');
    expect(await run(c, 'cat /etc/ipsec.secrets')).not.toMatch(/PSK|psk\s*=/);
    expect(await run(c, 'ping -c 2 10.40.0.20')).toContain('2 packets transmitted, 2 received');
    expect(await run(c, 'frob')).toBe('-bash: frob: command not found');
  });
});

describe('a device that does not respond', () => {
  it('says so for every command but leaving, until it answers again', async () => {
    const { cli: c, state } = cli({ ...vrouter, notResponding: 'acme-7f3a-vr-p is not responding: its VM is in ERROR (lab: failed)' });
    expect(c.banner()).toContain('% acme-7f3a-vr-p is not responding: its VM is in ERROR (lab: failed)');
    expect(await run(c, 'enable')).toBe('% acme-7f3a-vr-p is not responding: its VM is in ERROR (lab: failed)');
    expect(await run(c, 'show ip route')).toBe('% acme-7f3a-vr-p is not responding: its VM is in ERROR (lab: failed)');
    expect(await run(c, 'frob')).toBe('% acme-7f3a-vr-p is not responding: its VM is in ERROR (lab: failed)');
    expect(await run(c, '')).toBe('');
    state.notResponding = null;
    expect(await run(c, 'show ip route')).toContain('Gateway of last resort is 203.0.113.1');
    state.notResponding = 'gone quiet';
    expect((await c.run('exit')).exit).toBe(true);
  });

  it('holds for every style', async () => {
    for (const st of [vfirewall, vwebsecurity, enforcer]) {
      const { cli: c } = cli({ ...st, notResponding: `${st.hostname} is not responding` });
      expect(await run(c, 'help')).toBe(`% ${st.hostname} is not responding`);
      expect((await c.run('exit')).exit).toBe(true);
    }
  });
});

describe('the default ping', () => {
  it('uses the longest-prefix route and the reachable list', () => {
    expect(routeFor(vrouter, '192.168.10.5', 'IVRF')?.iface).toBe('Virtual-Access2');
    expect(routeFor(vrouter, '8.8.8.8')?.nextHop).toBe('203.0.113.1');
    expect(pingFromState(vrouter, '203.0.113.10', 2).replies).toEqual([1, 1]);
    expect(pingFromState({ ...vrouter, routes: [] }, '1.2.3.4', 2)).toEqual({ replies: [null, null], unroutable: true });
  });

  it('reads addresses and inclusive ranges, and looks in the VRF asked for', () => {
    expect(listedIn(['10.0.0.1', '10.0.3.10-10.0.3.89'], '10.0.3.10')).toBe(true);
    expect(listedIn(['10.0.0.1', '10.0.3.10-10.0.3.89'], '10.0.3.89')).toBe(true);
    expect(listedIn(['10.0.0.1', '10.0.3.10-10.0.3.89'], '10.0.3.90')).toBe(false);
    expect(listedIn(['10.0.0.1'], '10.0.0.1')).toBe(true);
    expect(listedIn(['10.0.0.1'], 'nope')).toBe(false);
    expect(vrfsOf(vrouter)).toEqual(['IVRF']);
    // 10.20.0.1 is the vRouter's own address in the IVRF, not in the global table.
    expect(pingFromState(vrouter, '10.20.0.1', 1, 'IVRF').replies).toEqual([1]);
    expect(pingFromState(vrouter, '10.20.0.1', 1).replies).toEqual([null]);
  });
});

describe('helpers for providers', () => {
  it('maps catalog roles to console styles', () => {
    expect(['router', 'firewall', 'web-security', 'ips'].map(consoleKindOfRole)).toEqual(['vrouter', 'vfirewall', 'vwebsecurity', null]);
  });
  it('derives connected and local routes from interfaces', () => {
    expect(connectedRoutes(vrouter.interfaces)).toEqual([
      { vrf: null, prefix: '203.0.113.0/24', nextHop: null, iface: 'GigabitEthernet1', protocol: 'connected' },
      { vrf: null, prefix: '203.0.113.10/32', nextHop: null, iface: 'GigabitEthernet1', protocol: 'local' },
      { vrf: 'IVRF', prefix: '10.20.0.0/30', nextHop: null, iface: 'GigabitEthernet2', protocol: 'connected' },
      { vrf: 'IVRF', prefix: '10.20.0.1/32', nextHop: null, iface: 'GigabitEthernet2', protocol: 'local' },
    ]);
  });
});
