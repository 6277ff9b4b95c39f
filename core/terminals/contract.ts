// The terminals capability's part of the contract: connection profiles, terminal sessions
// (open, attach, write, resize, acknowledge, close, log) and their live output. Pure
// declarations (zod only) — the handlers live in ./handlers.ts.
import { z } from 'zod';
import { command, topic, type CapabilityContract } from '../api/define.js';

const isoTime = z.string().describe('ISO 8601 time');
const id = z.string().min(1).max(128);
const ok = z.object({ ok: z.literal(true) });
const cols = z.number().int().min(2).max(1000);
const rows = z.number().int().min(1).max(500);

/** A word that cannot be read as a command-line option. */
const word = (what: string, re: RegExp) =>
  z
    .string()
    .min(1)
    .max(253)
    .regex(re, `not a valid ${what}`)
    .refine((s) => !s.startsWith('-'), `a ${what} cannot start with "-"`);
const hostName = word('host name or address', /^[A-Za-z0-9_.:%[\]-]+$/);
const userName = word('user name', /^[A-Za-z0-9_.][A-Za-z0-9_.-]*$/);
const nsName = word('namespace name', /^[A-Za-z0-9_.-]+$/).refine((s) => s.length <= 64, 'at most 64 characters');
const absPath = z.string().min(1).max(4096).regex(/^\//, 'an absolute path (starting with /)');
const argList = z.array(z.string().max(1024)).max(32);
const profileName = z.string().trim().min(1, 'a name is needed').max(80);
/** A pasted private key: stored encrypted, never shown back, written to a 0600 file only while a session runs. */
const privateKey = z
  .string()
  .max(16384)
  .regex(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, 'not a private key in PEM / OpenSSH format (-----BEGIN … PRIVATE KEY-----)');

export const PROFILE_KINDS = ['local', 'ssh', 'netns', 'console'] as const;
export const CONSOLE_KINDS = ['vrouter', 'vfirewall', 'vwebsecurity', 'enforcer'] as const;
export type ConsoleKind = (typeof CONSOLE_KINDS)[number];

const localFields = {
  shell: absPath.nullable().default(null).describe('the program; your login shell when empty'),
  args: argList.default([]),
  cwd: absPath.nullable().default(null),
};
const sshFields = {
  host: hostName,
  port: z.number().int().min(1).max(65535).default(22),
  user: userName.nullable().default(null).describe('the remote user; ~/.ssh/config or your own name when empty'),
  identityFile: absPath.nullable().default(null).describe('a private key file on the core’s machine (ssh -i)'),
};
const netnsFields = { namespace: nsName, command: argList.default([]).describe('what to run inside; your login shell when empty') };

export const profileInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), name: profileName, ...localFields }).strict(),
  z
    .object({
      kind: z.literal('ssh'),
      name: profileName,
      ...sshFields,
      privateKey: privateKey.nullable().optional().describe('a pasted private key (kept encrypted); null removes it, absent keeps it'),
    })
    .strict(),
  z.object({ kind: z.literal('netns'), name: profileName, ...netnsFields }).strict(),
]);
export type ProfileInput = z.output<typeof profileInput>;

const profileBase = {
  id: z.string(),
  name: z.string(),
  /** What the profile reaches, in words ("root@10.0.0.1:22", "namespace lab-a", "vRouter acme-vr-p"). */
  target: z.string(),
  /** Made by Podium (the local shell, the VNF and enforcer consoles); cannot be edited. */
  builtIn: z.boolean(),
  createdBy: z.string().nullable(),
  updatedAt: isoTime.nullable(),
};

export const profileView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('local'), ...profileBase, shell: z.string().nullable(), args: z.array(z.string()), cwd: z.string().nullable() }),
  z.object({
    kind: z.literal('ssh'),
    ...profileBase,
    host: z.string(),
    port: z.number().int(),
    user: z.string().nullable(),
    identityFile: z.string().nullable(),
    /** Whether a pasted key is stored; the key itself never leaves the core. */
    hasPrivateKey: z.boolean(),
  }),
  z.object({ kind: z.literal('netns'), ...profileBase, namespace: z.string(), command: z.array(z.string()) }),
  z.object({
    kind: z.literal('console'),
    ...profileBase,
    targetId: z.string(),
    consoleKind: z.enum(CONSOLE_KINDS),
    tenantId: z.string().nullable(),
    detail: z.string().nullable(),
    /** The device's state in the core (ACTIVE, ERROR, BUILD…). */
    state: z.string().nullable(),
    /** For grouping in the picker: the VNF's tenant and service (null when the provider has none). */
    tenantName: z.string().nullable(),
    serviceId: z.string().nullable(),
    serviceName: z.string().nullable(),
  }),
]);
export type ProfileView = z.infer<typeof profileView>;

/** The built-in local shell profile: listed by the core, and what the Terminals area opens
 *  before the list has loaded. */
export const LOCAL_PROFILE_ID = 'local';
export const localProfile: Extract<ProfileView, { kind: 'local' }> = {
  kind: 'local',
  id: LOCAL_PROFILE_ID,
  name: 'Local shell',
  target: 'local shell',
  builtIn: true,
  createdBy: null,
  updatedAt: null,
  shell: null,
  args: [],
  cwd: null,
};

export const SESSION_STATES = ['starting', 'running', 'exited', 'failed'] as const;

export const sessionView = z.object({
  id: z.string(),
  profileId: z.string(),
  kind: z.enum(PROFILE_KINDS),
  /** Names the target: the profile, the host, the VNF. */
  title: z.string(),
  target: z.string(),
  owner: z.string().describe('username of the user who opened it'),
  state: z.enum(SESSION_STATES),
  pid: z.number().int().nullable(),
  cols: z.number().int(),
  rows: z.number().int(),
  createdAt: isoTime,
  exitCode: z.number().int().nullable(),
  signal: z.number().int().nullable(),
  /** Why it failed, in words. */
  error: z.string().nullable(),
  /** Output is held back until the client acknowledges what it has (flow control). */
  paused: z.boolean(),
  /** Nobody acknowledged output for a while: output goes only to the scrollback until re-attached. */
  detached: z.boolean(),
  /** Output so far, in bytes (also the sequence number of the next output). */
  bytesOut: z.number().int(),
  /** The file this session is logged to, when logging is on. */
  logFile: z.string().nullable(),
});
export type SessionView = z.infer<typeof sessionView>;

const sessionRef = z.object({ sessionId: id }).strict();
const size = { cols: cols.default(80), rows: rows.default(24) };

export const terminalsContract = {
  permissions: {
    // Customers never get a shell on the provider's infrastructure.
    'terminals.use': ['admin', 'operator'],
  },
  commands: {
    'terminals.profiles.list': command({
      summary: 'Connection profiles: the local shell, stored SSH / netns / local profiles, and a console for every VNF and enforcer',
      input: z.object({}).strict(),
      output: z.object({ profiles: z.array(profileView) }),
      permission: 'terminals.use',
      mutates: false,
    }),
    'terminals.profiles.create': command({
      summary: 'Store a connection profile (local shell, SSH through the system ssh client, or a network namespace)',
      input: profileInput,
      output: z.object({ profile: profileView }),
      permission: 'terminals.use',
      mutates: true,
    }),
    'terminals.profiles.update': command({
      summary: 'Change a stored connection profile (a pasted key is kept unless replaced or removed)',
      input: z.object({ id, profile: profileInput }).strict(),
      output: z.object({ profile: profileView }),
      permission: 'terminals.use',
      mutates: true,
    }),
    'terminals.profiles.delete': command({
      summary: 'Delete a stored connection profile',
      input: z.object({ id }).strict(),
      output: ok,
      permission: 'terminals.use',
      mutates: true,
    }),
    'terminals.profiles.export': command({
      summary: 'The stored profiles as a document, without their secrets',
      input: z.object({}).strict(),
      output: z.object({ format: z.literal('podium-terminal-profiles'), version: z.literal(1), exportedAt: isoTime, profiles: z.array(profileView) }),
      permission: 'terminals.use',
      mutates: false,
    }),
    'terminals.open': command({
      summary: 'Open a terminal session with a profile; its output streams on terminals.output',
      input: z.object({ profileId: id, ...size }).strict(),
      output: z.object({ session: sessionView }),
      permission: 'terminals.use',
      mutates: true,
    }),
    'terminals.openConsole': command({
      summary: 'Open the console of a VNF or enforcer the core knows',
      input: z.object({ targetId: id, ...size }).strict(),
      output: z.object({ session: sessionView }),
      permission: 'terminals.use',
      mutates: true,
    }),
    'terminals.list': command({
      summary: 'Your terminal sessions (admins: everyone’s, with all: true)',
      input: z.object({ all: z.boolean().default(false) }).strict(),
      output: z.object({ sessions: z.array(sessionView) }),
      permission: 'terminals.use',
      mutates: false,
    }),
    'terminals.attach': command({
      summary: 'Re-attach to one of your sessions: its recent output (capped scrollback) and where the live output continues',
      input: sessionRef,
      output: z.object({ session: sessionView, scrollback: z.string(), seq: z.number().int().describe('the byte offset where the scrollback ends') }),
      permission: 'terminals.use',
      mutates: false,
    }),
    'terminals.write': command({
      summary: 'Type into one of your sessions (not audited: keystrokes can carry passwords)',
      input: z.object({ sessionId: id, data: z.string().min(1).max(65536) }).strict(),
      output: ok,
      permission: 'terminals.use',
      mutates: false,
    }),
    'terminals.resize': command({
      summary: 'Tell a session its terminal size',
      input: z.object({ sessionId: id, cols, rows }).strict(),
      output: ok,
      permission: 'terminals.use',
      mutates: false,
    }),
    'terminals.ack': command({
      summary: 'Acknowledge output up to a byte offset (flow control: output pauses while too much is unacknowledged)',
      input: z.object({ sessionId: id, upTo: z.number().int().nonnegative() }).strict(),
      output: z.object({ paused: z.boolean() }),
      permission: 'terminals.use',
      mutates: false,
    }),
    'terminals.log': command({
      summary: 'Start or stop logging a session’s output to a file in the data directory',
      input: z.object({ sessionId: id, on: z.boolean() }).strict(),
      output: z.object({ session: sessionView }),
      permission: 'terminals.use',
      mutates: true,
    }),
    'terminals.close': command({
      summary: 'Close a session: its whole process group ends (admins may close anyone’s)',
      input: sessionRef,
      output: ok,
      permission: 'terminals.use',
      mutates: true,
    }),
  },
  topics: {
    'terminals.output': topic({
      summary: 'Output of one of your sessions, batched; acknowledge it with terminals.ack',
      event: z.object({ sessionId: z.string(), ownerKey: z.string(), seq: z.number().int(), end: z.number().int(), data: z.string() }),
      params: sessionRef,
      permission: 'terminals.use',
      // Only the owner's subscriptions to this very session.
      match: (params, event, actor) => event.sessionId === params.sessionId && event.ownerKey === (actor.userId ?? 'system'),
    }),
    'terminals.sessions': topic({
      summary: 'Your sessions as they open, change state, detach and close',
      event: z.object({ ownerKey: z.string(), change: z.enum(['opened', 'changed', 'detached', 'closed']), session: sessionView }),
      params: z.object({}).strict(),
      permission: 'terminals.use',
      match: (_params, event, actor) => event.ownerKey === (actor.userId ?? 'system'),
    }),
  },
} satisfies CapabilityContract;
