/** A mistake in how the command was called: printed with a hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = `podium — the Podium operations console

Usage:
  podium start [--data DIR] [--port N] [--no-lab]
      Open the console: the Electron shell when its binary is installed, otherwise the
      browser shell (prints the address to open).
  podium serve [--host 127.0.0.1] [--port 7300] [--data DIR] [--no-lab]
      Run the browser shell: the console over HTTP and WebSocket. Prints the address
      with its per-start token. The embedded lab (two data centres, three PoDs, tenants
      with services) is built at first start and runs unless --no-lab.
  podium call [--data DIR | --url URL] [--user U --password P] COMMAND ['JSON']
      Run one contract command and print its result as JSON. On the data directory
      (default) it runs as the local system, or as --user; with --url it talks to a
      running browser shell (the address printed by serve, with its token) and needs
      --user and --password (or PODIUM_USER / PODIUM_PASSWORD).
  podium call --list
      Every command, with its input as JSON Schema.
  podium lab status | vms [POD] | reset [--infra] | fail-vnf VNF [REASON] |
             repair-vnf VNF | enforcers [POD] | fail-enforcer ENF [REASON] |
             repair-enforcer ENF | drill esc|nso-dm POD | drill nso-sm | revive [NODE]
      The embedded lab, on the data directory or a running shell (--data / --url,
      --user, --password as for call): reset rebuilds it; fail-vnf, fail-enforcer,
      drill and revive inject failures and failovers.
  podium flows decode FILE [--proto netflow|ipfix|sflow] [--jsonl] [--extras]
      The flow records in a pcap / pcapng of exporter datagrams (any UDP port; the
      protocol is recognised from each header unless forced), one JSON record each.
  podium flows listen [--data DIR] [--ports NETFLOW,IPFIX,SFLOW]
      A headless collector into the data directory's flow store (listeners from the
      settings: 2055, 4739, 6343 on 127.0.0.1 unless changed). Refused while a Podium
      runs on that directory: it collects into the store itself.
  podium --help | --version

The data directory defaults to $XDG_DATA_HOME/podium (~/.local/share/podium), or
$PODIUM_DATA when set. PODIUM_LAB=0 turns the lab off; PODIUM_LAB_BOOT_MS ("0" or
"1500-4000") sets its VMs' boot time; PODIUM_LAB_SEED (full | infra | none) what it
builds at first start; PODIUM_LAB_FLOWS_RATE the lab's flows per second at the daily peak
(default 150). PODIUM_FLOWS=0 turns the flow collector off; PODIUM_FLOWS_PORTS
("0" or "2055,4739,6343") chooses its ports for this run; PODIUM_FLOWS_NATIVE=0 makes it
read with Node's dgram instead of its batched receiver.
`;
