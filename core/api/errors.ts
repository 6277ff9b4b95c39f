// Typed errors: every failure that crosses the contract is one of these codes, with a
// message a person can read and optional structured details (e.g. field-level issues).

export const ERROR_CODES = [
  'BAD_INPUT', // the input failed its schema (details.issues lists the fields)
  'BAD_FRAME', // a transport frame that is not valid JSON or not a known frame
  'FRAME_TOO_LARGE', // a transport frame over the size limit
  'UNKNOWN_COMMAND',
  'UNKNOWN_TOPIC',
  'UNAUTHENTICATED', // no session, or it expired
  'PASSWORD_CHANGE_REQUIRED', // the first login must change the password first
  'FORBIDDEN', // the role lacks the command's permission
  'RATE_LIMITED', // back-off after failed logins (details.retryAfterS)
  'NOT_FOUND',
  'CONFLICT', // already exists, or the state does not allow it
  'RESOURCE_EXHAUSTED', // capacity or a pool is short (details say what and where)
  'UNAVAILABLE', // the host is shutting down or a dependency is down
  'INTERNAL', // a bug: the message is generic, details carry a reference for the log
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  /** Dotted path of the offending field ('' for the whole input). */
  path: string;
  message: string;
}

export interface WireError {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.details = details;
  }

  toWire(): WireError {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details };
  }

  static fromWire(e: WireError): ApiError {
    return new ApiError(e.code, e.message, e.details);
  }

  /** Field-level issues carried by a BAD_INPUT error, if any. */
  get issues(): FieldIssue[] {
    const raw = this.details?.['issues'];
    return Array.isArray(raw) ? (raw as FieldIssue[]) : [];
  }
}

export function isErrorCode(x: unknown): x is ErrorCode {
  return typeof x === 'string' && (ERROR_CODES as readonly string[]).includes(x);
}

/** Shorthands used by handlers. */
export const notFound = (what: string, details?: Record<string, unknown>) => new ApiError('NOT_FOUND', `${what} not found`, details);
export const conflict = (message: string, details?: Record<string, unknown>) => new ApiError('CONFLICT', message, details);
export const badInput = (issues: FieldIssue[], message?: string) =>
  new ApiError('BAD_INPUT', message ?? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '), { issues });
