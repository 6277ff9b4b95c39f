// The auth capability's part of the contract: login and sessions, users and roles, and
// the audit log. Pure declarations (zod only) — the handlers live in ./handlers.ts.
import { z } from 'zod';
import { command, topic, ROLES, type CapabilityContract } from '../api/define.js';

export const PASSWORD_MIN = 10;
const isoTime = z.string().describe('ISO 8601 time');
const id = z.string().min(1).max(64);

export const roleSchema = z.enum(ROLES);

export const userView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: roleSchema,
  tenantId: z.string().nullable(),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
  createdAt: isoTime,
  lastLoginAt: isoTime.nullable(),
});
export type UserView = z.infer<typeof userView>;

const username = z
  .string()
  .min(2, 'at least 2 characters')
  .max(32, 'at most 32 characters')
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit');
const newPassword = z.string().min(PASSWORD_MIN, `at least ${PASSWORD_MIN} characters`).max(1024, 'at most 1024 characters');

const sessionOut = z.object({
  sessionToken: z.string(),
  expiresAt: isoTime,
  user: userView,
  permissions: z.array(z.string()),
});
export type SessionOut = z.infer<typeof sessionOut>;

export const auditRecord = z.object({
  id: z.number().int(),
  at: isoTime,
  actor: z.string(),
  role: z.string(),
  origin: z.string(),
  command: z.string(),
  target: z.string().nullable(),
  input: z.string().describe('the input as JSON, secrets redacted'),
  result: z.enum(['ok', 'error']),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  durationMs: z.number(),
});
export type AuditRecord = z.infer<typeof auditRecord>;

const empty = z.object({}).strict();
const ok = z.object({ ok: z.literal(true) });

export const authContract = {
  permissions: {
    'users.read': ['admin'],
    'users.manage': ['admin'],
    'audit.read': ['admin'],
  },
  commands: {
    'auth.login': command({
      summary: 'Log in with a username and password; opens a session',
      input: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) }).strict(),
      output: sessionOut,
      permission: 'public',
      mutates: true,
    }),
    'auth.resume': command({
      summary: 'Attach this connection to an existing session (after a reload)',
      input: z.object({ sessionToken: z.string().min(1).max(256) }).strict(),
      output: sessionOut,
      permission: 'public',
      mutates: false,
    }),
    'auth.logout': command({
      summary: 'Log out: end this session',
      input: empty,
      output: ok,
      permission: 'session',
      mutates: true,
      duringPasswordChange: true,
    }),
    'auth.whoami': command({
      summary: 'Show who is logged in, with role and permissions',
      input: empty,
      output: z.object({ user: userView, permissions: z.array(z.string()) }),
      permission: 'session',
      mutates: false,
      duringPasswordChange: true,
    }),
    'auth.changePassword': command({
      summary: 'Change your own password',
      input: z.object({ currentPassword: z.string().min(1).max(1024), newPassword }).strict(),
      output: z.object({ user: userView }),
      permission: 'session',
      mutates: true,
      duringPasswordChange: true,
    }),
    'users.list': command({
      summary: 'List users',
      input: z.object({ includeDisabled: z.boolean().default(true) }).strict(),
      output: z.object({ users: z.array(userView) }),
      permission: 'users.read',
      mutates: false,
    }),
    'users.create': command({
      summary: 'Create a user with a role (customers belong to one tenant)',
      input: z
        .object({
          username,
          displayName: z.string().max(80).optional(),
          role: roleSchema,
          tenantId: id.optional(),
          password: newPassword.optional().describe('initial password; generated when omitted'),
        })
        .strict(),
      output: z.object({ user: userView, temporaryPassword: z.string() }),
      permission: 'users.manage',
      mutates: true,
    }),
    'users.update': command({
      summary: 'Change a user: display name, role, tenant, or disable / enable',
      input: z
        .object({
          id,
          displayName: z.string().max(80).optional(),
          role: roleSchema.optional(),
          tenantId: id.nullable().optional(),
          disabled: z.boolean().optional(),
        })
        .strict(),
      output: z.object({ user: userView }),
      permission: 'users.manage',
      mutates: true,
    }),
    'users.resetPassword': command({
      summary: "Reset a user's password; they must change it at next login",
      input: z.object({ id, password: newPassword.optional() }).strict(),
      output: z.object({ user: userView, temporaryPassword: z.string() }),
      permission: 'users.manage',
      mutates: true,
    }),
    'audit.list': command({
      summary: 'Read the audit log, newest first',
      input: z
        .object({
          limit: z.number().int().min(1).max(1000).default(100),
          before: z.number().int().positive().optional().describe('only records with a smaller id (paging)'),
          actor: z.string().max(64).optional(),
          command: z.string().max(128).optional().describe('exact name, or a prefix ending in "."'),
          result: z.enum(['ok', 'error']).optional(),
          since: isoTime.optional(),
          until: isoTime.optional(),
        })
        .strict(),
      output: z.object({ records: z.array(auditRecord), nextBefore: z.number().int().nullable() }),
      permission: 'audit.read',
      mutates: false,
    }),
  },
  topics: {
    'audit.appended': topic({
      summary: 'Each new audit record as it is written',
      event: auditRecord,
      params: empty,
      permission: 'audit.read',
    }),
    'users.changed': topic({
      summary: 'A user was created or changed',
      event: z.object({ user: userView }),
      params: empty,
      permission: 'users.read',
    }),
  },
} satisfies CapabilityContract;
