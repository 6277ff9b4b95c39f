import { parseArgs } from 'node:util';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { defaultDataDir } from '../store/paths.js';
import { serveHttp, type Served } from '../host/http-server.js';
import { ROOT } from '../host/version.js';
import { announceInitialAdmin, openHost } from './open-host.js';
import type { Host } from '../host/host.js';
import { UsageError } from './usage.js';
import { hostOptionsFor } from '../host/lab-options.js';

export interface ServeArgs {
  host: string;
  port: number;
  dataDir: string;
  /** The embedded lab (default on; --no-lab). */
  lab: boolean;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7300' },
      data: { type: 'string' },
      'no-lab': { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number (0–65535), not "${values.port}"`);
  return { host: values.host, port, dataDir: values.data ? resolve(values.data) : defaultDataDir(), lab: !values['no-lab'] };
}

/** Run the browser shell until SIGINT/SIGTERM. `why` is printed first when start fell back to it. */
export async function runServe(args: ServeArgs, why?: string): Promise<number> {
  const out = (line: string) => process.stdout.write(line + '\n');
  const host: Host = await openHost(args.dataDir, undefined, hostOptionsFor(args.lab));
  let served: Served;
  try {
    served = await serveHttp(host, { host: args.host, port: args.port, rendererDir: join(ROOT, 'dist', 'renderer') });
  } catch (e) {
    await host.close();
    throw e;
  }
  if (why) out(why);
  out(`Podium ${host.version} — browser shell`);
  out(`  data   ${host.dataDir}`);
  out(`  open   ${served.url}`);
  out(`  lab    ${host.caps.lab ? 'on (the embedded lab: podium lab status)' : 'off'}`);
  if (args.host !== '127.0.0.1' && args.host !== 'localhost' && args.host !== '::1') {
    out(`  note   listening on ${args.host}: reachable from other machines (the token and the login still guard it)`);
  }
  announceInitialAdmin(host, out);
  if (args.lab && existsSync(join(host.dataDir, 'lab-users.txt'))) out(`  users  the lab's users and their first passwords: ${join(host.dataDir, 'lab-users.txt')}`);
  await new Promise<void>((done) => {
    const stop = (sig: string) => {
      host.log.info(`${sig}: shutting down`);
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      void served
        .close()
        .then(() => host.close())
        .then(done);
    };
    const onInt = () => stop('SIGINT');
    const onTerm = () => stop('SIGTERM');
    process.on('SIGINT', onInt);
    process.on('SIGTERM', onTerm);
  });
  return 0;
}
