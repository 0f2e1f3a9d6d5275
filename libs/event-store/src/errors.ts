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
