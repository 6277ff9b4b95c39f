// The `podium` command.
import { VERSION } from '../host/version.js';
import { HELP, UsageError } from './usage.js';
import { StartupError } from './open-host.js';
import { ConfigError } from '../host/lab-options.js';
import { parseServeArgs, runServe } from './serve.js';
import { runCall } from './call.js';
import { runStart } from './start.js';
import { runLab } from './lab.js';
import { runFlows } from './flows.js';

type Sub = (argv: string[]) => Promise<number>;

const SUBCOMMANDS: Record<string, Sub> = {
  start: runStart,
  serve: (argv) => runServe(parseServeArgs(argv)),
  call: runCall,
  lab: runLab,
  flows: runFlows,
};

export async function runCli(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    process.stdout.write(HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub === '--version' || sub === '-v') {
    process.stdout.write(`podium ${VERSION}\n`);
    return 0;
  }
  const run = SUBCOMMANDS[sub];
  if (!run) {
    process.stderr.write(`podium: unknown command "${sub}"\n\n${HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  try {
    return await run(rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ConfigError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`podium ${sub}: ${(e as Error).message}\n(see podium --help)\n`);
      return 2;
    }
    if (e instanceof StartupError || (e instanceof Error && /already in use|cannot listen/.test(e.message))) {
      process.stderr.write(`podium ${sub}: ${e.message}\n`);
      return 2;
    }
    process.stderr.write(`podium ${sub}: unexpected failure: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  }
}
