import { ErrorType } from '@kurrent/kurrentdb-client';
import { StoreUnavailableError } from '../errors';

/** gRPC status codes of a server that cannot be reached (grpc-js `status`): DEADLINE_EXCEEDED, UNAVAILABLE. */
const GRPC_UNREACHABLE = new Set([4, 14]);
const UNREACHABLE_TYPES = new Set<string>([ErrorType.UNAVAILABLE, ErrorType.DEADLINE_EXCEEDED, ErrorType.TIMEOUT, ErrorType.NOT_LEADER]);
// The last three are how reads through the client's native bridge report a server lost on a live
// connection (its Rust client's "Server-side error", "Deadline exceeded" and "Connection is closed",
// all as UnknownError): a server to retry, like the rest.
const UNREACHABLE_TEXT = /ECONNREFUSED|ECONNRESET|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|No connection established|failed to connect|client error \(Connect\)|Failed to discover|Connection dropped|Server-side error|Deadline exceeded|Connection is closed/i;

function typeOf(err: unknown): string | undefined {
  const t = (err as { type?: unknown } | null)?.type;
  return typeof t === 'string' ? t : undefined;
}

/**
 * True when the error says the server could not be reached. The client reports this in several
 * ways: `UnavailableError` / `DeadlineExceededError` (reads through its native bridge), and plain
 * gRPC `ServiceError`s with code 14 from appends when no channel could be opened at all.
 */
export function isUnavailable(err: unknown): boolean {
  const type = typeOf(err);
  if (type !== undefined && UNREACHABLE_TYPES.has(type)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'number' && GRPC_UNREACHABLE.has(code)) return true;
  return UNREACHABLE_TEXT.test(String((err as Error | null)?.message ?? ''));
}

export function isStreamNotFound(err: unknown): boolean {
  const type = typeOf(err);
  return type === ErrorType.STREAM_NOT_FOUND || type === ErrorType.NO_STREAM;
}

/** A hard-deleted (tombstoned) stream: reads as empty, writes fail. */
export function isStreamTombstoned(err: unknown): boolean {
  const type = typeOf(err);
  return type === ErrorType.STREAM_DELETED || type === ErrorType.STREAM_TOMBSTONED;
}

/** The server refused a write because a stream was not at the revision the writer expected. */
export function isRevisionConflict(err: unknown): boolean {
  const type = typeOf(err);
  return type === ErrorType.WRONG_EXPECTED_VERSION || type === ErrorType.APPEND_CONSISTENCY_VIOLATION;
}

export function isUnsupported(err: unknown): boolean {
  return typeOf(err) === ErrorType.UNSUPPORTED;
}

export function isTransactionTooLarge(err: unknown): boolean {
  const type = typeOf(err);
  return type === ErrorType.TRANSACTION_MAX_SIZE_EXCEEDED || type === ErrorType.MAXIMUM_APPEND_SIZE_EXCEEDED;
}

/** Runs `fn`, turning "cannot reach the server" into the port's `StoreUnavailableError`. */
export async function guard<R>(fn: () => Promise<R>): Promise<R> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof StoreUnavailableError) throw err;
    if (isUnavailable(err)) throw new StoreUnavailableError(`the kurrentdb event store cannot be reached: ${(err as Error).message}`, err);
    throw err;
  }
}
