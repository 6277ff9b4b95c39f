/** A mistake in how the command was called: printed with a hint, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const HELP = `podium — the Podium operations console

Usage:
  podium start [--data DIR] [--port N]
      Open the console: the Electron shell when its binary is installed, otherwise the
      browser shell (prints the address to open).
  podium serve [--host 127.0.0.1] [--port 7300] [--data DIR]
      Run the browser shell: the console over HTTP and WebSocket. Prints the address
      with its per-start token.
  podium call [--data DIR | --url URL] [--user U --password P] COMMAND ['JSON']
      Run one contract command and print its result as JSON. On the data directory
      (default) it runs as the local system, or as --user; with --url it talks to a
      running browser shell (the address printed by serve, with its token) and needs
      --user and --password (or PODIUM_USER / PODIUM_PASSWORD).
  podium call --list
      Every command, with its input as JSON Schema.
  podium --help | --version

The data directory defaults to $XDG_DATA_HOME/podium (~/.local/share/podium), or
$PODIUM_DATA when set.
`;
