/** The stream's version was not what the writer expected (optimistic concurrency). */
export class WrongExpectedVersionError extends Error {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(readonly streamId: string, readonly expected: string, readonly actual: number) {
    super(`stream ${streamId}: expected version ${expected}, but it is at ${actual}`);
  }
}

/** The same event id arrived with another body: the sender reused an id. Nothing was written. */
export class IdempotencyConflictError extends Error {
  readonly code = 'IDEMPOTENCY_CONFLICT';
  constructor(readonly conflicts: { index: number; id: string }[]) {
    super(`event id${conflicts.length > 1 ? 's' : ''} already stored with another body: ${conflicts.map((c) => `${c.id} (index ${c.index})`).join(', ')}`);
  }
}

/** The store could not be reached or refused to open; nothing was written. */
export class StoreUnavailableError extends Error {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(message: string, readonly cause?: unknown) {
    super(message);
  }
}

/** Connection-level failures: the server is down, restarting, out of reach or out of connections (53300) (pg codes and PostgreSQL SQLSTATEs). */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'ETIMEDOUT', 'EPIPE', '53300', '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004']);

/**
 * True when `err` says a database server could not be reached or went away, not that a statement
 * was wrong: running the same work again later can succeed. (Also for errors that crossed from a
 * worker thread, which keep their message and `code`.)
 */
export function isServerUnreachable(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  const msg = String((err as Error)?.message ?? '');
  return (code !== undefined && UNREACHABLE.has(code)) || /Connection terminated|connect ECONNREFUSED|Client has encountered a connection error|timeout exceeded when trying to connect/.test(msg);
}
