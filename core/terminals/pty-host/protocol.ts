// The pty host's message protocol. The pty host owns the pseudo-terminals (node-pty) and
// their process groups; the core's terminal service drives it with these messages. The
// same messages cross every boundary: a direct call (in-process, the browser shell), a
// `child_process.fork` IPC channel (plain Node, tests) or Electron's utility process
// (`utilityProcess.fork` + `process.parentPort`). Every message is plain JSON.

/** What to run in a new pseudo-terminal. */
export interface SpawnSpec {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
}

/** Core → pty host. `id` is the terminal session id chosen by the core. */
export type ToPtyHost =
  | { t: 'spawn'; id: string; spec: SpawnSpec }
  | { t: 'write'; id: string; data: string }
  | { t: 'resize'; id: string; cols: number; rows: number }
  /** Stop reading the pty: the program blocks once the kernel's buffer is full. */
  | { t: 'pause'; id: string }
  | { t: 'resume'; id: string }
  /** End the session's whole process group: SIGHUP, then SIGKILL after `graceMs`. */
  | { t: 'kill'; id: string; graceMs: number }
  /** Kill every group and exit. */
  | { t: 'shutdown'; graceMs: number };

/** Pty host → core. */
export type FromPtyHost =
  | { t: 'ready'; pid: number }
  | { t: 'spawned'; id: string; pid: number }
  | { t: 'spawnFailed'; id: string; error: string }
  /** Output, batched per read; UTF-8 decoded. */
  | { t: 'data'; id: string; data: string }
  | { t: 'exit'; id: string; exitCode: number; signal: number }
  /** Shutdown finished: every group is gone. */
  | { t: 'down' };

/** What a pty host looks like to the core, whichever process it runs in. */
export interface PtyHost {
  /** 'inproc' or the pid of the separate process. */
  readonly where: string;
  send(msg: ToPtyHost): void;
  /** Messages from the pty host. */
  onMessage(listener: (msg: FromPtyHost) => void): void;
  /** The pty host stopped without being asked to (crash, killed). Never for in-process hosts. */
  onCrash(listener: (why: string) => void): void;
  /** Shut down: kill every group (SIGHUP, then SIGKILL after graceMs); resolves when done. */
  shutdown(graceMs: number): Promise<void>;
}

export type PtyHostFactory = () => PtyHost | Promise<PtyHost>;
