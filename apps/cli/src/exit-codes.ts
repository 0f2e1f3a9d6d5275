import { isServerUnreachable, StoreUnavailableError } from '../../../libs/event-store/src';
import { InvalidInputError } from '../../../libs/ingest/src';
import { ReadModelsRebuildingError } from '../../../libs/read-model/src';

/**
 * interfaces.md: 0 done; 1 a check failed; 2 bad input or usage (nothing written); 3 a server could
 * not be reached (or the read models are being rebuilt by another process): run it again.
 */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, unavailable: 3 } as const;

/** An error the user can act on; its message is printed as it is, and the process exits with `exitCode`. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.badInput) {
    super(message);
  }
}

export function exitCodeOf(err: unknown): number {
  if (err instanceof CliError) return err.exitCode;
  if (err instanceof StoreUnavailableError) return EXIT.unavailable;
  // A server lost half-way (a rebuild's or report's own queries, a worker thread's): run it again.
  if (isServerUnreachable(err)) return EXIT.unavailable;
  // Another process began a rebuild after this one caught up: run it again once it is done.
  if (err instanceof ReadModelsRebuildingError) return EXIT.unavailable;
  if (err instanceof InvalidInputError) return EXIT.badInput;
  return EXIT.badInput;
}
