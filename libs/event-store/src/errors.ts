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

/**
 * Connection-level failures: the server is down, restarting, out of reach or out of connections
 * (53300), or it refuses this database: connections not allowed (55000, ALTER DATABASE …
 * ALLOW_CONNECTIONS false), the database gone (3D000, 57P04) or the credentials refused (28000,
 * 28P01, a rotated password). pg codes and PostgreSQL SQLSTATEs. Not the caller's fault: the same
 * work succeeds once an operator has put it right (503, exit 3), where a 500 would tell a sender
 * not to retry.
 */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  '53300',
  '55000',
  '3D000',
  '28000',
  '28P01',
  '57P01',
  '57P02',
  '57P03',
  '57P04',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

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

/** The store could not be reached (said so by the store, or by the driver): running the same work again later can succeed. */
export function isStoreOutOfReach(err: unknown): boolean {
  return err instanceof StoreUnavailableError || isServerUnreachable(err);
}

/** The server refuses this service's login: the database does not exist, or the user or password is refused (SQLSTATE 3D000, 28000, 28P01). */
export function isLoginRefused(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '3D000' || code === '28000' || code === '28P01';
}

/** An embedded directory that holds no store, opened by a command that must not make one (CreateEventStoreOptions.mustExist). */
export class NoEventStoreError extends Error {}
