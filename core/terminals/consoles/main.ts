// A VNF or enforcer console: the program a console terminal session runs, in a real pty.
// It reads its device's state from the core through the console state server
// (PODIUM_CONSOLE_SOCKET + PODIUM_CONSOLE_TOKEN, see ./server.ts), a fresh snapshot for
// every command, and speaks the device's CLI style (./cli.ts).
//
// For development it also runs on a state file: `node consoles/main.js --state FILE`
// (a DeviceState as JSON; pings are answered from it).
import { createConnection, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { createCli, type ConsoleIO } from './cli.js';
import { pingFromState, type DeviceState, type PingAnswer } from './state.js';

function fileIO(file: string): ConsoleIO {
  const read = () => JSON.parse(readFileSync(file, 'utf8')) as DeviceState;
  return {
    snapshot: async () => read(),
    ping: async (d, n, vrf) => pingFromState(read(), d, n, vrf ?? null),
  };
}

function socketIO(path: string, token: string): Promise<ConsoleIO> {
  return new Promise((resolve, reject) => {
    const sock: Socket = createConnection(path);
    let buf = '';
    let next = 1;
    const waiting = new Map<number, (r: { ok: boolean; state?: DeviceState; ping?: PingAnswer; error?: string }) => void>();
    sock.setEncoding('utf8');
    sock.on('data', (chunk: string) => {
      buf += chunk;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        try {
          const r = JSON.parse(line) as { id: number; ok: boolean; state?: DeviceState; ping?: PingAnswer; error?: string };
          waiting.get(r.id)?.(r);
          waiting.delete(r.id);
        } catch {
          // ignore a line that is not ours
        }
      }
    });
    const lost = (why: string) => {
      for (const w of waiting.values()) w({ ok: false, error: why });
      waiting.clear();
    };
    sock.on('close', () => lost('the connection to the core was lost'));
    sock.on('error', (e) => {
      lost(e.message);
      reject(e);
    });
    const ask = (req: Record<string, unknown>) =>
      new Promise<{ ok: boolean; state?: DeviceState; ping?: PingAnswer; error?: string }>((res) => {
        const id = next++;
        waiting.set(id, res);
        sock.write(JSON.stringify({ ...req, id, token }) + '\n');
        setTimeout(() => {
          if (waiting.delete(id)) res({ ok: false, error: 'no answer from the core' });
        }, 10_000).unref();
      });
    sock.on('connect', () =>
      resolve({
        async snapshot() {
          const r = await ask({ op: 'snapshot' });
          if (!r.ok || !r.state) throw new Error(r.error ?? 'no state');
          return r.state;
        },
        async ping(destination, count, vrf) {
          const r = await ask({ op: 'ping', destination, count, ...(vrf ? { vrf } : {}) });
          if (!r.ok || !r.ping) throw new Error(r.error ?? 'no answer');
          return r.ping;
        },
      }),
    );
  });
}

async function main(): Promise<number> {
  const i = process.argv.indexOf('--state');
  const stateFile = i >= 0 ? process.argv[i + 1] : undefined;
  const socket = process.env['PODIUM_CONSOLE_SOCKET'];
  const token = process.env['PODIUM_CONSOLE_TOKEN'] ?? '';
  let io: ConsoleIO;
  try {
    if (stateFile) io = fileIO(stateFile);
    else if (socket) io = await socketIO(socket, token);
    else throw new Error('no device: PODIUM_CONSOLE_SOCKET is not set (or pass --state FILE)');
  } catch (e) {
    process.stdout.write(`% console unavailable: ${(e as Error).message}\n`);
    return 1;
  }
  let state: DeviceState;
  try {
    state = await io.snapshot();
  } catch (e) {
    process.stdout.write(`% console unavailable: ${(e as Error).message}\n`);
    return 1;
  }
  const cli = createCli(state, io);
  process.stdout.write(cli.banner() + '\n');
  // Keys reach readline one line at a time: what is typed while a command runs is held and
  // echoed after its output, at the next prompt — as on the device.
  const keys = new PassThrough();
  if (process.stdin.isTTY) process.stdin.setRawMode(true);
  const rl = createInterface({
    input: keys,
    output: process.stdout,
    terminal: true,
    historySize: 200,
    completer: (line: string) => cli.complete(line),
  });
  let held = '';
  let running = false;
  const pump = () => {
    while (held && !running) {
      const cut = held.search(/[\r\n]/);
      if (cut < 0) {
        keys.write(held);
        held = '';
        return;
      }
      const end = held[cut] === '\r' && held[cut + 1] === '\n' ? cut + 2 : cut + 1;
      running = true; // the line this completes runs before anything after it
      keys.write(held.slice(0, end));
      held = held.slice(end);
    }
  };
  process.stdin.on('data', (d: Buffer) => {
    held += d.toString('utf8');
    pump();
  });
  const next = () => {
    rl.setPrompt(cli.prompt());
    rl.prompt(true);
    running = false;
    pump();
  };
  rl.setPrompt(cli.prompt());
  rl.prompt();
  return new Promise<number>((done) => {
    rl.on('SIGINT', () => {
      const note = cli.interrupt();
      process.stdout.write((note ? note : '') + '\n');
      next();
    });
    rl.on('line', (line) => {
      running = true;
      cli.run(line).then(
        (r) => {
          if (r.out) process.stdout.write(r.out + '\n');
          if (r.exit) {
            rl.close();
            return done(0);
          }
          next();
          if (r.prefill && !held) rl.write(r.prefill);
        },
        (e: unknown) => {
          process.stdout.write(`% ${(e as Error).message}\n`);
          next();
        },
      );
    });
    rl.on('close', () => done(0));
  });
}

process.exitCode = await main();
// The socket to the core keeps the event loop alive; the console is done.
process.exit();
