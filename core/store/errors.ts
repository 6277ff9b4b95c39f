/** Why the store could not open: each has a message meant for the person starting Podium. */
export type StoreErrorCode = 'DATA_DIR' | 'IN_USE' | 'LOCKED' | 'CORRUPT' | 'NEWER' | 'MIGRATION_FAILED';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'StoreError';
  }
}
