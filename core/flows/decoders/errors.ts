// The closed set of decode errors. A decoder never throws on bad input: it returns a
// DecodeError (code + byte offset) and counts it in the exporter's stats.

export const DecodeErrorCode = {
  /** The datagram (or a structure inside it) ends before its declared content. */
  TRUNCATED: 'TRUNCATED',
  /** The version / magic at the start is not the one this decoder reads. */
  BAD_VERSION: 'BAD_VERSION',
  /** A length or count field is impossible (too small, or disagrees with the datagram). */
  BAD_LENGTH: 'BAD_LENGTH',
  /** A template is malformed (zero fields, zero-length record, bad scope count, reserved id). */
  BAD_TEMPLATE: 'BAD_TEMPLATE',
  /** A template exceeds a configured limit (templates per exporter, fields, record length). */
  TEMPLATE_LIMIT: 'TEMPLATE_LIMIT',
  /** A data set refers to a template this exporter/domain has not sent (the set is dropped). */
  UNKNOWN_TEMPLATE: 'UNKNOWN_TEMPLATE',
  /** A set id / sample format / address type that the protocol reserves or forbids. */
  BAD_SET: 'BAD_SET',
  /** The datagram is not one of the protocols Podium decodes (sniffer / forced protocol). */
  UNKNOWN_PROTOCOL: 'UNKNOWN_PROTOCOL',
} as const;

export type DecodeErrorCode = (typeof DecodeErrorCode)[keyof typeof DecodeErrorCode];

/** A datagram with this many errors is garbage: the rest of it is skipped. */
export const MAX_ERRORS_PER_DATAGRAM = 16;

export const DECODE_ERROR_CODES: readonly DecodeErrorCode[] = Object.values(DecodeErrorCode);

export interface DecodeError {
  code: DecodeErrorCode;
  /** Byte offset in the datagram where decoding went wrong. */
  offset: number;
  /** A short human explanation (for logs and the CLI). */
  detail: string;
}

/**
 * What decoding one datagram gave. `records` rows were appended to the batch even when
 * `errors` is not empty: a datagram that is partly decodable keeps the records of the
 * sets/samples decoded before (and, where the framing allows, after) the bad one.
 */
export interface DecodeResult {
  records: number;
  /** Empty when the datagram decoded cleanly. */
  errors: DecodeError[];
}

export function decodeError(code: DecodeErrorCode, offset: number, detail: string): DecodeError {
  return { code, offset, detail };
}
