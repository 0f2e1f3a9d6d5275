import type { KurrentDBClient } from '@kurrent/kurrentdb-client';
import type { ErasedIds } from './erased-ids';
import type { StreamNames } from './stream-names';

/**
 * How a batch that touches several streams is written, best first:
 * - `records`: `appendRecords` (KurrentDB 26.1+): one atomic write, records in batch order, with a
 *   revision check per stream;
 * - `multi-stream`: `multiStreamAppend` (KurrentDB 25.1+): one atomic write, but grouped per stream,
 *   so only used when each stream's events already form one run in the batch (else the global
 *   order would differ from the batch order);
 * - `per-stream`: one `appendToStream` per run of consecutive events of one stream. Not atomic.
 * The store starts at `records` and steps down when the server answers `UnsupportedError`.
 */
export type BatchWriteMode = 'records' | 'multi-stream' | 'per-stream';

/** What the operations of the KurrentDB store share. */
export interface KurrentContext {
  readonly client: KurrentDBClient;
  readonly names: StreamNames;
  readonly erased: ErasedIds;
  /** Best batch write the server supports, as far as known. */
  batchWriteMode: BatchWriteMode;
  /** Wakes this process's onAppend listeners at once (the live subscription tells other processes). */
  notifyAppended(): void;
}

/** Attempts at a write that lost a race (another writer moved a stream between our read and our write). */
export const MAX_WRITE_ATTEMPTS = 10;
