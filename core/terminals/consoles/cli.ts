// The console engine: one CLI per device style, answering from the device's state.
//   vrouter      IOS XE-like (CSR1000V): user EXEC ">", enable "#", configure terminal
//   vfirewall    ASA-like (ASAv): the same modes, ASA's show commands and error words
//   vwebsecurity WSA-like (AsyncOS on WSAv): "host> " with AsyncOS commands
//   enforcer     the IPsec enforcer's Linux shell (strongSwan's swanctl, ip, ping)
// Every command that shows state asks the core for a fresh snapshot first (io.snapshot()).
import type { ConsoleKind, DeviceState, PingAnswer } from './state.js';
import { isIPv4, vrfsOf } from './state.js';
import { parse, helpFor, complete as completeTree, type CmdNode, type Ctx, type ParseResult } from './tree.js';
import { caret, ciscoMac, ciscoPing, linuxPing, pad, primaryAddress, splitPrefix, uptimeShort, uptimeWords } from './format.js';
import { maskOf } from '../../orchestrator/net.js';

export interface ConsoleIO {
  snapshot(): Promise<DeviceState>;
  /** A ping from the device, in a VRF or (null) the global table. */
  ping(destination: string, count: number, vrf?: string | null): Promise<PingAnswer>;
}

export interface RunResult {
  out: string;
  exit?: boolean;
  /** Text to put back on the input line (after `?` help). */
  prefill?: string;
}

export interface Cli {
  readonly kind: ConsoleKind;
  banner(): string;
  prompt(): string;
  run(line: string): Promise<RunResult>;
  complete(line: string): [string[], string];
  /** Ctrl+C / Ctrl+Z: leave configuration modes. */
  interrupt(): string;
}

type Mode = 'user' | 'exec' | 'config' | 'config-if';

const READ_ONLY_NOTE = '% This lab console is read-only: the configuration comes from the service that deployed the device (change the service instead).';

// ---------------------------------------------------------------- IOS XE (vRouter)

function iosInterfaces(st: DeviceState, only?: string): string {
  const list = st.interfaces.filter((i) => !only || i.name.toLowerCase() === only.toLowerCase());
  if (only && list.length === 0) return `                ^\n% Invalid input detected at '^' marker.`;
  return list
    .map((i) => {
      const status = !i.adminUp ? 'administratively down' : i.operUp ? 'up' : 'down';
      const proto = i.adminUp && i.operUp ? 'up' : 'down';
      const c = i.counters ?? { inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 };
      return [
        `${i.name} is ${status}, line protocol is ${proto} `,
        `  Hardware is CSR vNIC, address is ${ciscoMac(i.mac)} (bia ${ciscoMac(i.mac)})`,
        ...(i.description ? [`  Description: ${i.description}`] : []),
        i.ip ? `  Internet address is ${i.ip}/${i.prefixLen ?? 32}` : '  Internet address is not assigned',
        `  MTU ${i.mtu ?? 1500} bytes, BW 1000000 Kbit/sec, DLY 10 usec,`,
        '     reliability 255/255, txload 1/255, rxload 1/255',
        '  Encapsulation ARPA, loopback not set',
        `     ${c.inPackets} packets input, ${c.inBytes} bytes, 0 no buffer`,
        `     ${c.outPackets} packets output, ${c.outBytes} bytes, 0 underruns`,
      ].join('\n');
    })
    .join('\n');
}

function iosBrief(st: DeviceState): string {
  const rows = st.interfaces.map((i) => {
    const status = !i.adminUp ? 'administratively down' : i.operUp ? 'up' : 'down';
    return `${pad(i.name, 23)}${pad(i.ip ?? 'unassigned', 16)}YES ${pad(i.ip ? 'manual' : 'unset', 7)}${pad(status, 22)}${i.adminUp && i.operUp ? 'up' : 'down'}`;
  });
  return ['Interface              IP-Address      OK? Method Status                Protocol', ...rows].join('\n');
}

const ROUTE_CODE: Record<string, string> = { connected: 'C', local: 'L', static: 'S', bgp: 'B', ospf: 'O' };

function iosRoutes(st: DeviceState, vrf: string | null): string {
  const routes = st.routes.filter((r) => (r.vrf ?? null) === vrf);
  if (vrf && !st.routes.some((r) => r.vrf === vrf)) return `% IP routing table ${vrf} does not exist`;
  const def = routes.find((r) => r.prefix === '0.0.0.0/0');
  const head = [
    ...(vrf ? [``, `Routing Table: ${vrf}`] : []),
    'Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP',
    '       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area',
    '       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2',
    '       E1 - OSPF external type 1, E2 - OSPF external type 2',
    '       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2',
    '       * - candidate default, U - per-user static route, o - ODR',
    '',
    def?.nextHop ? `Gateway of last resort is ${def.nextHop} to network 0.0.0.0` : 'Gateway of last resort is not set',
    '',
  ];
  const body = routes.map((r) => {
    const code = (ROUTE_CODE[r.protocol] ?? '?') + (r.prefix === '0.0.0.0/0' ? '*' : '');
    if (r.protocol === 'connected' || r.protocol === 'local') return `${pad(code, 9)}${r.prefix} is directly connected, ${r.iface ?? '?'}`;
    const via = r.nextHop ? `via ${r.nextHop}` : `is directly connected`;
    return `${pad(code, 9)}${r.prefix} [${r.distance ?? (r.protocol === 'bgp' ? 20 : 1)}/${r.metric ?? 0}] ${via}${r.iface ? `, ${r.iface}` : ''}`;
  });
  return [...head, ...body].join('\n');
}

function iosCrypto(st: DeviceState, detail: boolean): string {
  const lines = ['Crypto session current status', ''];
  if (st.crypto.length === 0) return lines.join('\n');
  for (const c of st.crypto) {
    lines.push(`Interface: ${c.iface}`);
    lines.push(`Profile: ${c.name ?? 'IKEV2-PROFILE'}`);
    if (detail && c.uptimeS !== undefined) lines.push(`Uptime: ${uptimeShort(c.uptimeS)}`);
    lines.push(`Session status: ${c.status}`);
    lines.push(`Peer: ${c.peer} port 500`);
    const up = c.status.startsWith('UP');
    lines.push(`  IKEv${c.ikeVersion ?? 2} SA: local ${c.localAddress ?? '-'}/500 remote ${c.peer}/500 ${up ? 'Active' : 'Inactive'}`);
    lines.push(`  IPSEC FLOW: permit ip ${c.localSubnet ?? '0.0.0.0/0.0.0.0'} ${c.remoteSubnet ?? '0.0.0.0/0.0.0.0'}`);
    lines.push(`        Active SAs: ${up ? 2 : 0}, origin: crypto map`);
    if (detail) lines.push(`        Inbound:  #pkts dec'ed ${c.packetsIn ?? 0}`, `        Outbound: #pkts enc'ed ${c.packetsOut ?? 0}`);
    lines.push('');
  }
  return lines.join('\n');
}

function iosVersion(st: DeviceState): string {
  return [
    `Cisco IOS XE Software, Version ${st.softwareVersion}`,
    `Cisco IOS Software, Virtual XE Software (X86_64_LINUX_IOSD-UNIVERSALK9-M), Version ${st.softwareVersion}, RELEASE SOFTWARE`,
    '',
    `${st.hostname} uptime is ${uptimeWords(st.uptimeS)}`,
    `cisco ${st.model} (VXE) processor with 2072016K/3075K bytes of memory.`,
    `${st.interfaces.filter((i) => /^GigabitEthernet/i.test(i.name)).length} Gigabit Ethernet interfaces`,
  ].join('\n');
}

function runningConfig(st: DeviceState, style: 'ios' | 'asa'): string {
  const body = st.runningConfig.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  if (style === 'asa') return [': Saved', ':', `: Hardware:   ${st.model}`, ':', `ASA Version ${st.softwareVersion}`, '!', body].join('\n');
  return [
    'Building configuration...',
    '',
    `Current configuration : ${Buffer.byteLength(body)} bytes`,
    '!',
    body,
    ...(/\nend$/.test('\n' + body) ? [] : ['end']),
  ].join('\n');
}

/** `ping [vrf NAME] A.B.C.D [repeat N]`: the words after `ping`, read in order. */
export function pingArgs(ctx: Ctx): { vrf: string | null; dest: string; count: number } {
  const a = [...ctx.args];
  const vrf = ctx.words[1] === 'vrf' ? (a.shift() ?? null) : null;
  const dest = a.shift() ?? '';
  const repeat = ctx.words.includes('repeat') ? Number(a.shift()) : 5;
  const count = Number.isInteger(repeat) && repeat > 0 ? Math.min(repeat, 100) : 5;
  return { vrf, dest, count };
}

class CiscoCli implements Cli {
  private mode: Mode = 'user';
  private trees: Record<Mode, CmdNode[]>;

  constructor(
    readonly kind: ConsoleKind,
    private st: DeviceState,
    private readonly io: ConsoleIO,
    private readonly style: 'ios' | 'asa',
  ) {
    this.trees = this.build();
  }

  private async fresh(): Promise<DeviceState> {
    this.st = await this.io.snapshot();
    return this.st;
  }

  banner(): string {
    return this.style === 'asa'
      ? `\nType help or '?' for a list of available commands.\n`
      : `\n${this.st.hostname} — ${this.st.model} console (lab). Type '?' for help.\n`;
  }

  prompt(): string {
    const h = this.st.hostname;
    switch (this.mode) {
      case 'user':
        return `${h}>`;
      case 'exec':
        return `${h}#`;
      case 'config':
        return `${h}(config)#`;
      case 'config-if':
        return `${h}(config-if)#`;
    }
  }

  private invalid(at: number): string {
    const mark = caret(this.prompt().length, at);
    return this.style === 'asa' ? `${mark}\nERROR: % Invalid input detected at '^' marker.` : `${mark}\n% Invalid input detected at '^' marker.`;
  }

  private showTree(priv: boolean): CmdNode {
    const asa = this.style === 'asa';
    const show: CmdNode[] = [
      {
        word: 'version',
        help: 'System hardware and software status',
        run: async () => (asa ? asaVersion(await this.fresh()) : iosVersion(await this.fresh())),
      },
      { word: 'clock', help: 'Display the system clock', run: () => new Date().toUTCString().replace('GMT', 'UTC') },
    ];
    if (priv) show.push({ word: 'running-config', help: 'Current operating configuration', run: async () => runningConfig(await this.fresh(), this.style) });
    if (asa) {
      show.push(
        {
          word: 'interface',
          help: 'Show interface status and information',
          run: async () => asaInterfaces(await this.fresh()),
          next: [{ word: 'ip', help: 'IP addresses', next: [{ word: 'brief', help: 'Brief summary', run: async () => asaBrief(await this.fresh()) }] }],
        },
        { word: 'route', help: 'Show routing table', run: async () => asaRoutes(await this.fresh()) },
        { word: 'nat', help: 'Show NAT policy', run: async () => asaNat(await this.fresh()) },
        {
          word: 'vpn-sessiondb',
          help: 'Show VPN session database',
          next: [{ word: 'summary', help: 'Summary of sessions', run: async () => asaVpnSummary(await this.fresh()) }],
        },
      );
    } else {
      show.push(
        {
          word: 'interfaces',
          help: 'Interface status and configuration',
          run: async () => iosInterfaces(await this.fresh()),
          next: [{ word: 'IFNAME', help: 'Interface name', param: true, run: async (c) => iosInterfaces(await this.fresh(), c.args[0]) }],
        },
        {
          word: 'ip',
          help: 'IP information',
          next: [
            {
              word: 'interface',
              help: 'IP interface status and configuration',
              next: [{ word: 'brief', help: 'Brief summary of IP status and configuration', run: async () => iosBrief(await this.fresh()) }],
            },
            {
              word: 'route',
              help: 'IP routing table',
              run: async () => iosRoutes(await this.fresh(), null),
              next: [
                {
                  word: 'vrf',
                  help: 'Display routes from a VPN Routing/Forwarding instance',
                  next: [
                    {
                      word: 'WORD',
                      help: 'VPN Routing/Forwarding instance name',
                      param: true,
                      run: async (c) => iosRoutes(await this.fresh(), c.args[0] ?? null),
                    },
                  ],
                },
              ],
            },
          ],
        },
        {
          word: 'crypto',
          help: 'Encryption module',
          next: [
            {
              word: 'session',
              help: 'crypto session',
              run: async () => iosCrypto(await this.fresh(), false),
              next: [{ word: 'detail', help: 'detailed session information', run: async () => iosCrypto(await this.fresh(), true) }],
            },
          ],
        },
      );
    }
    return { word: 'show', help: 'Show running system information', next: show };
  }

  private async ping(c: Ctx): Promise<string> {
    const { vrf, dest, count } = pingArgs(c);
    if (!isIPv4(dest)) return this.style === 'asa' ? `ERROR: % Invalid Hostname` : '% Unrecognized host or address, or protocol not running.';
    if (vrf && !vrfsOf(await this.fresh()).includes(vrf)) return `% VRF ${vrf} does not exist.`;
    return ciscoPing(dest, count, await this.io.ping(dest, count, vrf));
  }

  private pingTree(): CmdNode {
    const run = (c: Ctx) => this.ping(c);
    const target: CmdNode = {
      word: 'WORD',
      help: 'Ping destination address or hostname',
      param: true,
      run,
      next: [{ word: 'repeat', help: 'specify repeat count', next: [{ word: '<1-100>', help: 'Repeat count', param: true, run }] }],
    };
    return {
      word: 'ping',
      help: 'Send echo messages',
      next:
        this.style === 'asa' ? [target] : [{ word: 'vrf', help: 'VRF name', next: [{ word: 'WORD', help: 'VRF name', param: true, next: [target] }] }, target],
    };
  }

  private build(): Record<Mode, CmdNode[]> {
    const exit = (help: string): CmdNode => ({ word: 'exit', help, run: () => this.leave() });
    const common = (priv: boolean): CmdNode[] => [
      this.showTree(priv),
      this.pingTree(),
      {
        word: 'terminal',
        help: 'Set terminal line parameters',
        next: [{ word: 'length', help: 'Set number of lines on a screen', next: [{ word: '<0-512>', help: 'Number of lines', param: true, run: () => '' }] }],
      },
      exit('Exit from the EXEC'),
      { word: 'logout', help: 'Exit from the EXEC', run: () => this.leave(true) },
      { word: 'quit', help: 'Exit from the EXEC', run: () => this.leave(true) },
    ];
    const configLine = (mode: Mode): CmdNode => ({
      word: 'LINE',
      help: 'Configuration command',
      rest: true,
      run: () => (mode === 'config' || mode === 'config-if' ? READ_ONLY_NOTE : ''),
    });
    const doCmd: CmdNode = {
      word: 'do',
      help: 'To run exec commands in config mode',
      next: common(true).filter((n) => n.word === 'show' || n.word === 'ping'),
    };
    return {
      user: [{ word: 'enable', help: 'Turn on privileged commands', run: () => ((this.mode = 'exec'), '') }, ...common(false)],
      exec: [
        {
          word: 'configure',
          help: 'Enter configuration mode',
          next: [{ word: 'terminal', help: 'Configure from the terminal', run: () => this.enterConfig() }],
        },
        { word: 'disable', help: 'Turn off privileged commands', run: () => ((this.mode = 'user'), '') },
        ...common(true),
      ],
      config: [
        {
          word: 'interface',
          help: 'Select an interface to configure',
          next: [{ word: 'IFNAME', help: 'Interface name', param: true, run: (c) => this.enterInterface(c.args[0] ?? '') }],
        },
        doCmd,
        { word: 'end', help: 'Exit from configure mode', run: () => ((this.mode = 'exec'), '') },
        exit('Exit from configure mode'),
        configLine('config'),
      ],
      'config-if': [
        doCmd,
        { word: 'end', help: 'Exit from configure mode', run: () => ((this.mode = 'exec'), '') },
        exit('Exit from interface configuration mode'),
        configLine('config-if'),
      ],
    };
  }

  private enterConfig(): string {
    this.mode = 'config';
    return this.style === 'asa' ? '' : 'Enter configuration commands, one per line.  End with CNTL/Z.';
  }

  private enterInterface(name: string): string {
    const i = this.st.interfaces.find((x) => x.name.toLowerCase() === name.toLowerCase() || (x.nameif ?? '') === name);
    if (!i) return this.style === 'asa' ? `ERROR: ${name} is not a valid interface` : `% Invalid input detected at '^' marker.`;
    this.mode = 'config-if';
    return '';
  }

  private exitRequested = false;

  private leave(always = false): string {
    if (always || this.mode === 'user' || this.mode === 'exec') {
      this.exitRequested = true;
      return '';
    }
    this.mode = this.mode === 'config-if' ? 'config' : 'exec';
    return '';
  }

  interrupt(): string {
    if (this.mode === 'config' || this.mode === 'config-if') {
      this.mode = 'exec';
      return '^Z';
    }
    return '';
  }

  complete(line: string): [string[], string] {
    return completeTree(this.trees[this.mode], line);
  }

  async run(raw: string): Promise<RunResult> {
    // Output modifiers: `| include REGEX`, `| exclude`, `| begin`, `| section`.
    const pipe = /^(.*?)\s+\|\s*(\S+)\s+(.+)$/.exec(raw.trim());
    if (pipe && !raw.trim().endsWith('?')) {
      const how = ['include', 'exclude', 'begin', 'section'].find((w) => w.startsWith(pipe[2]!.toLowerCase()));
      if (!how) return { out: this.invalid(raw.indexOf('|') + 2) };
      let re: RegExp;
      try {
        re = new RegExp(pipe[3]!);
      } catch {
        re = new RegExp(pipe[3]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
      }
      const r = await this.run(pipe[1]!);
      if (!r.out || r.exit) return r;
      const lines = r.out.split('\n');
      if (how === 'include') return { out: lines.filter((l) => re.test(l)).join('\n') };
      if (how === 'exclude') return { out: lines.filter((l) => !re.test(l)).join('\n') };
      const at = lines.findIndex((l) => re.test(l));
      if (at < 0) return { out: '' };
      if (how === 'begin') return { out: lines.slice(at).join('\n') };
      const end = lines.findIndex((l, i) => i > at && !/^\s/.test(l));
      return { out: lines.slice(at, end < 0 ? undefined : end).join('\n') };
    }
    const line = raw.replace(/\s+$/, '');
    if (line.endsWith('?')) {
      const before = line.slice(0, -1);
      const help = helpFor(this.trees[this.mode], before);
      if (!help) return { out: this.style === 'asa' ? `ERROR: % Unrecognized command` : `% Unrecognized command`, prefill: before };
      const w = Math.max(...help.map(([x]) => x.length), 8) + 2;
      return { out: help.map(([word, h]) => `  ${pad(word, w)}${h}`).join('\n'), prefill: before };
    }
    const r = parse(this.trees[this.mode], line);
    if (!r.ok) {
      switch (r.kind) {
        case 'empty':
          return { out: '' };
        case 'incomplete':
          return { out: this.style === 'asa' ? 'ERROR: % Incomplete command' : '% Incomplete command.' };
        case 'ambiguous':
          return { out: this.style === 'asa' ? `ERROR: % Ambiguous command` : `% Ambiguous command:  "${line}"` };
        case 'invalid':
          if (r.at === 0 && this.style === 'ios') return { out: `${this.invalid(0)}` };
          return { out: this.invalid(r.at) };
      }
    }
    this.exitRequested = false;
    const out = await r.node.run!(r.ctx);
    return this.exitRequested ? { out, exit: true } : { out };
  }
}

// ---------------------------------------------------------------- ASA (vFirewall)

function asaVersion(st: DeviceState): string {
  return [
    `Cisco Adaptive Security Appliance Software Version ${st.softwareVersion}`,
    `SSP Operating System Version ${st.softwareVersion}`,
    '',
    `${st.hostname} up ${uptimeWords(st.uptimeS).replace(/, /g, ' ')}`,
    '',
    `Hardware:   ${st.model}, 2048 MB RAM, CPU Xeon 4100/6100/8100 series 2200 MHz, 1 CPU (1 core)`,
  ].join('\n');
}

function asaInterfaces(st: DeviceState): string {
  return st.interfaces
    .map((i) => {
      const status = !i.adminUp ? 'administratively down' : i.operUp ? 'up' : 'down';
      const c = i.counters ?? { inPackets: 0, outPackets: 0, inBytes: 0, outBytes: 0 };
      return [
        `Interface ${i.name} "${i.nameif ?? ''}", is ${status}, line protocol is ${i.adminUp && i.operUp ? 'up' : 'down'}`,
        `  Hardware is net_vmxnet3, BW 10000 Mbps, DLY 10 usec`,
        `        MAC address ${ciscoMac(i.mac)}, MTU ${i.mtu ?? 1500}`,
        i.ip ? `        IP address ${i.ip}, subnet mask ${maskOf(i.prefixLen ?? 32)}` : '        IP address unassigned',
        `        ${c.inPackets} packets input, ${c.inBytes} bytes`,
        `        ${c.outPackets} packets output, ${c.outBytes} bytes`,
      ].join('\n');
    })
    .join('\n');
}

function asaBrief(st: DeviceState): string {
  const rows = st.interfaces.map((i) => {
    const status = !i.adminUp ? 'administratively down' : i.operUp ? 'up' : 'down';
    return `${pad(i.name, 27)}${pad(i.ip ?? 'unassigned', 16)}YES ${pad('CONFIG', 7)}${pad(status, 22)}${i.adminUp && i.operUp ? 'up' : 'down'}`;
  });
  return ['Interface                  IP-Address      OK? Method Status                Protocol', ...rows].join('\n');
}

function asaRoutes(st: DeviceState): string {
  const nameif = (iface: string | null) => st.interfaces.find((i) => i.name === iface)?.nameif ?? iface ?? '?';
  const def = st.routes.find((r) => r.prefix === '0.0.0.0/0');
  const lines = [
    'Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP',
    '       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area',
    '       * - candidate default, U - per-user static route, o - ODR',
    '',
    def?.nextHop ? `Gateway of last resort is ${def.nextHop} to network 0.0.0.0` : 'Gateway of last resort is not set',
    '',
  ];
  for (const r of st.routes.filter((x) => !x.vrf)) {
    const { net, len } = splitPrefix(r.prefix);
    const code = (ROUTE_CODE[r.protocol] ?? '?') + (r.prefix === '0.0.0.0/0' ? '*' : '');
    if (r.protocol === 'connected' || r.protocol === 'local') lines.push(`${pad(code, 9)}${net} ${maskOf(len)} is directly connected, ${nameif(r.iface)}`);
    else lines.push(`${pad(code, 9)}${net} ${maskOf(len)} [${r.distance ?? 1}/${r.metric ?? 0}] via ${r.nextHop ?? '?'}, ${nameif(r.iface)}`);
  }
  return lines.join('\n');
}

function asaNat(st: DeviceState): string {
  const rules = st.runningConfig.split('\n').filter((l) => /^\s*nat\s/.test(l));
  if (rules.length === 0) return '';
  return rules.map((l, i) => `${i + 1} ${l.trim()}\n    translate_hits = 0, untranslate_hits = 0`).join('\n');
}

function asaVpnSummary(st: DeviceState): string {
  const active = st.crypto.filter((c) => c.status.startsWith('UP')).length;
  return [
    '---------------------------------------------------------------------------',
    'VPN Session Summary',
    '---------------------------------------------------------------------------',
    '                               Active : Cumulative : Peak Concur : Inactive',
    '                             ----------------------------------------------',
    `Site-to-Site VPN             : ${pad(String(active).padStart(6), 7)}:  ${pad(String(st.crypto.length).padStart(9), 10)}:  ${pad(String(active).padStart(10), 11)}`,
    `  IKEv2 IPsec                : ${pad(String(active).padStart(6), 7)}:  ${pad(String(st.crypto.length).padStart(9), 10)}:  ${pad(String(active).padStart(10), 11)}`,
  ].join('\n');
}

// ---------------------------------------------------------------- shells with one command tree

/** A shell with one command tree and no modes (AsyncOS, the enforcer's Linux shell). */
abstract class OneTreeShell implements Cli {
  abstract readonly kind: ConsoleKind;
  protected tree: CmdNode[] = [];
  private exitRequested = false;

  constructor(
    protected st: DeviceState,
    protected readonly io: ConsoleIO,
  ) {}

  abstract banner(): string;
  abstract prompt(): string;
  abstract interrupt(): string;
  abstract run(line: string): Promise<RunResult>;

  /** A fresh snapshot of the device (kept for the prompt and banner). */
  protected readonly fresh = async (): Promise<DeviceState> => (this.st = await this.io.snapshot());

  /** A command's action that leaves the shell, printing `out`. */
  protected exitWith(out: string): () => string {
    return () => {
      this.exitRequested = true;
      return out;
    };
  }

  complete(line: string): [string[], string] {
    return completeTree(this.tree, line);
  }

  /** Runs `line` as the command under `node`; `refused` is what the shell prints when the line does not parse. */
  protected async runNode(node: CmdNode, line: string, refused: (kind: Extract<ParseResult, { ok: false }>['kind']) => string): Promise<RunResult> {
    const r = parse([node], line);
    if (!r.ok) return { out: refused(r.kind) };
    this.exitRequested = false;
    const out = await r.node.run!(r.ctx);
    return this.exitRequested ? { out, exit: true } : { out };
  }
}

// ---------------------------------------------------------------- AsyncOS (vWebSecurity)

class AsyncOsCli extends OneTreeShell {
  readonly kind: ConsoleKind = 'vwebsecurity';

  constructor(st: DeviceState, io: ConsoleIO) {
    super(st, io);
    const fresh = this.fresh;
    const exit = this.exitWith('');
    this.tree = [
      { word: 'version', help: 'View system version information.', run: async () => wsaVersion(await fresh()) },
      { word: 'status', help: 'Display system status.', run: async () => wsaStatus(await fresh()) },
      { word: 'showconfig', help: 'Display all configuration values.', run: async () => (await fresh()).runningConfig.replace(/\n+$/, '') },
      { word: 'ifconfig', help: 'Configure the interfaces.', run: async () => wsaIfconfig(await fresh()) },
      { word: 'routeconfig', help: 'Configure IP routing table.', run: async () => wsaRoutes(await fresh()) },
      { word: 'urlfiltering', help: 'Show the URL filtering level of the web proxy.', run: async () => wsaFiltering(await fresh()) },
      { word: 'ping', help: 'Ping a network host.', next: [{ word: 'HOST', help: 'Host to ping', param: true, run: async (c) => this.ping(c.args[0] ?? '') }] },
      { word: 'help', help: 'Help.', run: () => this.help() },
      { word: 'exit', help: 'Exit the CLI.', run: exit },
      { word: 'quit', help: 'Exit the CLI.', run: exit },
    ];
  }

  private async ping(dest: string): Promise<string> {
    if (!isIPv4(dest)) return `ping: cannot resolve ${dest}: Unknown host`;
    return linuxPing(dest, 5, await this.io.ping(dest, 5), primaryAddress(this.st));
  }

  private help(): string {
    return ['Choose the operation you want to perform:', ...this.tree.map((n) => `${pad(n.word.toUpperCase(), 14)}- ${n.help}`)].join('\n');
  }

  banner(): string {
    return `\nAsyncOS ${this.st.softwareVersion} for Cisco ${this.st.model} build 014\n\nWelcome to the Cisco ${this.st.model} Web Security Virtual Appliance\n`;
  }

  prompt(): string {
    return `${this.st.hostname}> `;
  }

  interrupt(): string {
    return '';
  }

  async run(raw: string): Promise<RunResult> {
    const line = raw.trim();
    if (!line) return { out: '' };
    if (line === '?') return { out: this.help() };
    const word = line.split(/\s+/)[0]!.toLowerCase();
    // AsyncOS takes whole command names, not abbreviations.
    const node = this.tree.find((n) => n.word === word);
    if (!node) return { out: `Unknown command or missing feature key: ${line.split(/\s+/)[0]}` };
    return this.runNode(node, line, (kind) =>
      kind === 'incomplete' ? `Usage: ${word} ${node.next?.[0]?.word ?? ''}`.trimEnd() : `Unknown command or missing feature key: ${line}`,
    );
  }
}

function wsaVersion(st: DeviceState): string {
  return [
    'Current Version',
    '===============',
    `Product: Cisco ${st.model} Web Security Virtual Appliance`,
    `Model: ${st.model}`,
    `Version: ${st.softwareVersion}`,
    `Hostname: ${st.hostname}`,
  ].join('\n');
}

function wsaFiltering(st: DeviceState): string {
  const w = st.webSecurity;
  if (!w) return 'URL filtering is not configured.';
  return `URL filtering level: ${w.urlFiltering}${w.urlFiltering === 'medium' ? ' (the default)' : ''}`;
}

function wsaStatus(st: DeviceState): string {
  const w = st.webSecurity;
  return [
    `Status as of:                  ${new Date().toUTCString()}`,
    `Up since:                      ${uptimeWords(st.uptimeS)} ago`,
    `System state:                  ${st.state === 'ACTIVE' ? 'Online' : st.state}`,
    `Web proxy port:                ${w?.proxyPort ?? 3128}`,
    `WCCP redirection:              ${w?.wccp ? 'enabled' : 'disabled'}`,
    `URL filtering level:           ${w?.urlFiltering ?? 'none'}`,
    `Transactions:                  ${w?.requests ?? 0}`,
    `Blocked by URL filtering:      ${w?.blocked ?? 0}`,
  ].join('\n');
}

function wsaIfconfig(st: DeviceState): string {
  const lines = ['Currently configured interfaces:'];
  st.interfaces.forEach((i, n) =>
    lines.push(`${n + 1}. ${i.description ?? i.name} (${i.ip ?? 'unassigned'}/${i.prefixLen ?? 32} on ${i.name}: ${i.operUp ? 'up' : 'down'})`),
  );
  return lines.join('\n');
}

function wsaRoutes(st: DeviceState): string {
  const def = st.routes.find((r) => r.prefix === '0.0.0.0/0');
  const lines = ['Currently configured routes:'];
  st.routes.filter((r) => r.protocol === 'static' && r.prefix !== '0.0.0.0/0').forEach((r, n) => lines.push(`${n + 1}. ${r.prefix} via ${r.nextHop ?? '-'}`));
  lines.push('', `Default gateway: ${def?.nextHop ?? 'not set'}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------- IPsec enforcer (Linux + strongSwan)

class EnforcerShell extends OneTreeShell {
  readonly kind: ConsoleKind = 'enforcer';

  constructor(st: DeviceState, io: ConsoleIO) {
    super(st, io);
    const fresh = this.fresh;
    const exit = this.exitWith('logout');
    const ipAddr = async () => linuxAddrs(await fresh());
    const ipRoute = async () => linuxRoutes(await fresh());
    this.tree = [
      {
        word: 'swanctl',
        help: 'strongSwan configuration and control',
        next: [
          { word: '--list-sas', help: 'list currently active IKE_SAs', run: async () => listSas(await fresh()) },
          { word: '--list-conns', help: 'list loaded configurations', run: async () => listConns(await fresh()) },
        ],
      },
      {
        word: 'ip',
        help: 'show routing, devices and addresses',
        next: [
          { word: 'addr', help: 'protocol addresses', run: ipAddr },
          { word: 'a', help: 'protocol addresses', run: ipAddr },
          { word: 'route', help: 'routing table', run: ipRoute },
          { word: 'r', help: 'routing table', run: ipRoute },
        ],
      },
      {
        word: 'ping',
        help: 'send ICMP echo requests',
        next: [
          { word: 'HOST', help: 'destination', param: true, run: async (c) => this.ping(c.args) },
          {
            word: '-c',
            help: 'count',
            next: [{ word: 'N', help: 'count', param: true, next: [{ word: 'HOST', help: 'destination', param: true, run: async (c) => this.ping(c.args) }] }],
          },
        ],
      },
      {
        word: 'enforcer',
        help: 'the IPsec enforcer agent',
        next: [{ word: 'status', help: 'registration with the IPsec EMS', run: async () => enforcerStatus(await fresh()) }],
      },
      { word: 'cat', help: 'print a file', next: [{ word: 'FILE', help: 'file', param: true, run: async (c) => this.cat(c.args[0] ?? '') }] },
      { word: 'hostname', help: 'show the host name', run: async () => (await fresh()).hostname },
      { word: 'uptime', help: 'how long the system has been running', run: async () => ` up ${uptimeWords((await fresh()).uptimeS)}` },
      { word: 'help', help: 'this list', run: () => ['Commands of this enforcer shell:', ...this.tree.map((n) => `  ${pad(n.word, 10)}${n.help}`)].join('\n') },
      { word: 'exit', help: 'leave the shell', run: exit },
      { word: 'logout', help: 'leave the shell', run: exit },
    ];
  }

  private async cat(file: string): Promise<string> {
    if (file === '/etc/swanctl/swanctl.conf' || file === '/etc/swanctl/conf.d/enforcer.conf')
      return (await this.io.snapshot()).runningConfig.replace(/\n+$/, '');
    if (file === '/etc/ipsec.secrets') return '# secrets are fetched from the IPsec EMS and never shown here';
    return `cat: ${file}: No such file or directory`;
  }

  private async ping(args: string[]): Promise<string> {
    const dest = args[args.length - 1] ?? '';
    const n = args.length > 1 ? Number(args[0]) : 4;
    const count = Number.isInteger(n) && n > 0 ? Math.min(n, 100) : 4;
    if (!isIPv4(dest)) return `ping: ${dest}: Name or service not known`;
    return linuxPing(dest, count, await this.io.ping(dest, count), primaryAddress(this.st));
  }

  banner(): string {
    return `\nSecMon IPsec enforcer ${this.st.hostname} (strongSwan ${this.st.softwareVersion}). Type 'help' for commands.\n`;
  }

  prompt(): string {
    return `root@${this.st.hostname}:~# `;
  }

  interrupt(): string {
    return '^C';
  }

  async run(raw: string): Promise<RunResult> {
    const line = raw.trim();
    if (!line) return { out: '' };
    const first = line.split(/\s+/)[0]!;
    const node = this.tree.find((n) => n.word === first);
    if (!node) return { out: `-bash: ${first}: command not found` };
    return this.runNode(node, line, () =>
      first === 'swanctl' ? `swanctl: unrecognized option '${line.split(/\s+/)[1] ?? ''}'` : `${first}: invalid arguments (try 'help')`,
    );
  }
}

function linuxAddrs(st: DeviceState): string {
  return st.interfaces
    .map((i, n) => {
      const flags = i.adminUp ? (i.operUp ? '<BROADCAST,MULTICAST,UP,LOWER_UP>' : '<NO-CARRIER,BROADCAST,MULTICAST,UP>') : '<BROADCAST,MULTICAST>';
      const lines = [
        `${n + 1}: ${i.name}: ${flags} mtu ${i.mtu ?? 1500} state ${i.operUp ? 'UP' : 'DOWN'}`,
        `    link/ether ${i.mac ?? '00:00:00:00:00:00'} brd ff:ff:ff:ff:ff:ff`,
      ];
      if (i.ip) lines.push(`    inet ${i.ip}/${i.prefixLen ?? 32} scope global ${i.name}`);
      return lines.join('\n');
    })
    .join('\n');
}

function linuxRoutes(st: DeviceState): string {
  return st.routes
    .filter((r) => r.protocol !== 'local')
    .map((r) => {
      const dst = r.prefix === '0.0.0.0/0' ? 'default' : r.prefix;
      const src = r.protocol === 'connected' ? st.interfaces.find((i) => i.name === r.iface)?.ip : null;
      return `${dst}${r.nextHop ? ` via ${r.nextHop}` : ''}${r.iface ? ` dev ${r.iface}` : ''}${r.protocol === 'connected' ? ' proto kernel scope link' : ' proto static'}${src ? ` src ${src}` : ''}`;
    })
    .join('\n');
}

function listSas(st: DeviceState): string {
  if (st.crypto.length === 0) return '';
  return st.crypto
    .map((c, n) => {
      const up = c.status.startsWith('UP');
      return [
        `${c.name ?? c.iface}: #${n + 1}, ${up ? 'ESTABLISHED' : 'CONNECTING'}, IKEv${c.ikeVersion ?? 2}`,
        `  local  '${c.localAddress ?? '%any'}' @ ${c.localAddress ?? '%any'}[4500]`,
        `  remote '${c.peer}' @ ${c.peer}[4500]`,
        `  AES_CBC-256/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048`,
        ...(up
          ? [
              `  established ${c.uptimeS ?? 0}s ago`,
              `  ${c.name ?? c.iface}: #${n + 1}, reqid ${n + 1}, INSTALLED, TUNNEL-in-UDP, ESP:AES_GCM_16-256`,
              `    in  ${(c.packetsIn ?? 0) * 100} bytes, ${c.packetsIn ?? 0} packets`,
              `    out ${(c.packetsOut ?? 0) * 100} bytes, ${c.packetsOut ?? 0} packets`,
              `    local  ${c.localSubnet ?? '0.0.0.0/0'}`,
              `    remote ${c.remoteSubnet ?? '0.0.0.0/0'}`,
            ]
          : []),
      ].join('\n');
    })
    .join('\n');
}

function listConns(st: DeviceState): string {
  return st.crypto
    .map((c) =>
      [
        `${c.name ?? c.iface}: IKEv${c.ikeVersion ?? 2}, reauthentication every 10800s`,
        `  local:  ${c.localAddress ?? '%any'}`,
        `  remote: ${c.peer}`,
        `  ${c.name ?? c.iface}: TUNNEL, rekeying every 3600s`,
        `    local:  ${c.localSubnet ?? '0.0.0.0/0'}`,
        `    remote: ${c.remoteSubnet ?? '0.0.0.0/0'}`,
      ].join('\n'),
    )
    .join('\n');
}

function enforcerStatus(st: DeviceState): string {
  const e = st.enforcer;
  if (!e) return 'enforcer: not configured';
  return [
    `IPsec EMS:        ${e.emsUrl}`,
    `Registered:       ${e.registered ? 'yes' : 'no (retrying)'}`,
    `Last fetch:       ${e.lastFetch ?? 'never'}`,
    `Connections:      ${e.connections} from the EMS, ${st.crypto.filter((c) => c.status.startsWith('UP')).length} established`,
  ].join('\n');
}

// ---------------------------------------------------------------- a device that does not answer

const LEAVE = /^(exit|quit|logout)$/i;

/**
 * While the device does not answer (its VM failed, boots, or is being removed), every
 * command but leaving the console gets the reason instead of an answer; the next command
 * after the device is back is answered by it. The state is asked for at each command.
 */
class WhenResponding implements Cli {
  constructor(
    private readonly inner: Cli,
    private readonly io: ConsoleIO,
    private readonly initial: DeviceState,
  ) {}

  get kind(): ConsoleKind {
    return this.inner.kind;
  }

  banner(): string {
    return this.inner.banner() + (this.initial.notResponding ? `\n% ${this.initial.notResponding}\n` : '');
  }

  prompt(): string {
    return this.inner.prompt();
  }

  complete(line: string): [string[], string] {
    return this.inner.complete(line);
  }

  interrupt(): string {
    return this.inner.interrupt();
  }

  async run(line: string): Promise<RunResult> {
    const t = line.trim();
    if (t && !LEAVE.test(t)) {
      const st = await this.io.snapshot();
      if (st.notResponding) return { out: `% ${st.notResponding}` };
    }
    return this.inner.run(line);
  }
}

function cliOf(state: DeviceState, io: ConsoleIO): Cli {
  switch (state.kind) {
    case 'vrouter':
      return new CiscoCli('vrouter', state, io, 'ios');
    case 'vfirewall':
      return new CiscoCli('vfirewall', state, io, 'asa');
    case 'vwebsecurity':
      return new AsyncOsCli(state, io);
    case 'enforcer':
      return new EnforcerShell(state, io);
  }
}

export function createCli(state: DeviceState, io: ConsoleIO): Cli {
  return new WhenResponding(cliOf(state, io), io, state);
}
