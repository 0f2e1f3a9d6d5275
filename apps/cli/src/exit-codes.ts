import { isServerUnreachable, StoreUnavailableError } from '../../../libs/event-store/src';
import { InvalidInputError } from '../../../libs/ingest/src';
import { ReadModelsRebuildingError } from '../../../libs/read-model/src';

/**
 * interfaces.md: 0 done; 1 a check failed; 2 bad input or usage (nothing written); 3 a server could
 * not be reached (or the read models are being rebuilt by another process): run it again. Added:
 * 70 (sysexits' EX_SOFTWARE), a fault in vt-monitor itself, not in its input, settings or servers
 * (isInternalFault): what was acknowledged stays, a transaction under way is rolled back; report it
 * with the printed stack.
 */
export const EXIT = { ok: 0, checkFailed: 1, badInput: 2, unavailable: 3, internal: 70, outputFailed: 74 } as const;

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
  if (isInternalFault(err)) return EXIT.internal;
  // Anything else is about what the command was given or where it runs (a file it cannot read, a
  // database that refuses the login, another process holding an embedded store): the user's to mend.
  return EXIT.badInput;
}

/**
 * Errors that only a fault in vt-monitor raises: the engine's own (a property of undefined, a call
 * of a non-function, a runaway recursion; settings are parsed before they could raise one) and
 * PostgreSQL's for SQL that is wrong in itself (a syntax error, an unknown or ambiguous column, a
 * type mismatch, a grouping error), a broken constraint (class 23: the store's checks come first,
 * so one reaching here is a bug) and the server's internal errors (class XX). Not the rest of
 * class 42: an unknown object or function (42704, 42883) is also what an unknown setting in the
 * connection string or a server older than the README asks for gives, and 42501 a privilege the
 * operator must grant.
 */
const FAULTY_SQL = new Set(['42601', '42703', '42702', '42804', '42803', '42P10', '42P18']);
export function isInternalFault(err: unknown): boolean {
  if (err instanceof TypeError || err instanceof ReferenceError || err instanceof RangeError) return true;
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return false;
  return FAULTY_SQL.has(code) || code.startsWith('23') || code.startsWith('XX');
}

/** The line(s) a failed command leaves on stderr: the message; for an internal fault the stack too. */
export function failureText(err: unknown): string {
  const message = (err as Error)?.message ?? String(err);
  if (exitCodeOf(err) !== EXIT.internal) return `vt-monitor: ${message}\n`;
  const stack = (err as Error)?.stack?.split('\n').slice(1).join('\n');
  return `vt-monitor: internal error (a fault in vt-monitor, not in what it was given; please report it with these lines): ${message}\n${stack ? `${stack}\n` : ''}`;
}
