import type { VtEvent } from '../../events/src';

/**
 * A place in the store's one global order, as an opaque token. Tokens of one store compare with
 * `store.comparePositions`; `START` is before every event. Every event carries the position just
 * after it, so a subscriber checkpoints by saving the position of the last event it handled.
 */
export type Position = string;
export const START: Position = 'start';

/** An event as the store holds it: the event as sent, plus what the store added. */
export interface RecordedEvent {
  id: string;
  type: VtEvent['type'];
  organisation: string;
  caseId: string;
  /** As sent, with its offset. */
  occurredAt: string;
  data: Record<string, unknown>;
  /** When the monitor learned it (ISO-8601, UTC). */
  recordedAt: string;
  /** 0-based number of the event in its case stream. */
  streamVersion: number;
  /** The checkpoint just after this event in the global order. */
  position: Position;
}

/**
 * What the writer expects of a case stream: the version of its last event (0-based), `no_stream`,
 * or `any` (no check). An append whose events are all duplicates succeeds whatever it expected,
 * so that a retried request is never refused.
 */
export type ExpectedVersion = number | 'any' | 'no_stream';

export interface AppendResult {
  appended: number;
  duplicates: number;
  /** Version of the stream's last event after the append (-1: the stream has no events). */
  nextExpectedVersion: number;
}

export interface BatchAppendResult {
  appended: number;
  duplicates: number;
  /** Index in the batch of each event that was already stored (same id, same body). */
  duplicateIndexes: number[];
}

export interface IdempotencyCheck {
  duplicateIndexes: number[];
  conflicts: { index: number; id: string }[];
}

export interface ReadAllPage {
  events: RecordedEvent[];
  /** Where the next read starts; equal to `from` when nothing was read. */
  next: Position;
  /**
   * True when events after `next` exist but cannot be read yet in global order (SQL: an older
   * transaction is still in flight). A reader is then not caught up; it should read again soon.
   */
  pending?: boolean;
}

export interface Erasure {
  organisation: string;
  erasedAt: string;
  eventsErased: number;
}

export interface EventStore {
  readonly kind: 'embedded' | 'postgres' | 'kurrentdb';
  /** Appends events of one case; throws `WrongExpectedVersionError` or `IdempotencyConflictError`. */
  appendToStream(organisation: string, caseId: string, events: VtEvent[], options?: { expectedVersion?: ExpectedVersion }): Promise<AppendResult>;
  /**
   * Appends a batch of events of any cases, all or nothing (for import and HTTP ingest). Same id and
   * body: counted as a duplicate; same id, other body: `IdempotencyConflictError`, nothing written.
   */
  appendBatch(events: VtEvent[]): Promise<BatchAppendResult>;
  /**
   * Reads only: which events of a batch are already stored (duplicates) and which reuse a stored id
   * with another body (conflicts). Lets a large import refuse a bad file before writing anything.
   */
  checkIdempotency(events: VtEvent[]): Promise<IdempotencyCheck>;
  readStream(organisation: string, caseId: string): Promise<RecordedEvent[]>;
  /** Events after `from` in the global order, at most `limit`. Never skips an event that later appears before `next`. */
  readAll(options?: { from?: Position; limit?: number }): Promise<ReadAllPage>;
  comparePositions(a: Position, b: Position): number;
  /** Resolves when an append may have happened (in this process or, where the backend can tell, another). */
  onAppend(listener: () => void): () => void;
  /** Removes every event of a case for good and records that an erasure happened, without the case id. */
  eraseCase(organisation: string, caseId: string): Promise<{ eventsErased: number }>;
  listErasures(): Promise<Erasure[]>;
  /** Throws `StoreUnavailableError` when the store cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
