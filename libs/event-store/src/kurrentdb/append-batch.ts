import {
  ErrorType,
  NO_STREAM,
  STREAM_STATE,
  type AppendRecordInput,
  type AppendStreamRequest,
  type ConsistencyCheck,
  type StreamState,
} from '@kurrent/kurrentdb-client';
import { eventFingerprint, type VtEvent } from '../../../events/src';
import { WrongExpectedVersionError } from '../errors';
import type { BatchAppendResult } from '../event-store.port';
import { MAX_WRITE_ATTEMPTS, type KurrentContext } from './context';
import { guard, isRevisionConflict, isTransactionTooLarge, isUnsupported } from './kurrent-errors';
import { planAppend } from './plan-append';
import { readCaseStreams, type CaseStreamState } from './read-case-stream';
import { toEventData } from './recorded-event';

/** A run of consecutive events (in batch order) of one stream. */
interface Run {
  stream: string;
  indexes: number[];
}

/** The events of one batch, with what every write path needs. */
interface Batch {
  events: VtEvent[];
  prints: string[];
  streams: string[];
  /** Lower-cased ids this call has written so far, across attempts. */
  written: Set<string>;
}

/** Raised when `throwOnAppendFailure=false` made the client answer a conflict with `success: false`. */
class RevisionConflict extends Error {
  readonly type = ErrorType.WRONG_EXPECTED_VERSION;
  constructor(readonly streamName: string, readonly actualState: bigint) {
    super(`stream ${streamName} moved on while the batch was written`);
  }
}

/**
 * Appends a batch of events of any cases.
 *
 * First every case stream the batch touches is read (case streams are small) to sort the batch into
 * new events, duplicates and conflicts exactly as the SQL store does; on any conflict
 * `IdempotencyConflictError` is thrown and nothing is written. Then the new events are written with
 * each stream expected at the revision just read, in batch order, which is also their order in $all:
 *
 * - KurrentDB 26.1+ (`appendRecords`): one atomic write of all streams: all or nothing.
 * - KurrentDB 25.1+ (`multiStreamAppend`): one atomic write, used when each stream's new events form
 *   one run in the batch (the call writes stream by stream, so interleaved batches would be reordered).
 * - Otherwise (older servers, interleaved batches on 25.x, or a transaction over the server's size
 *   limit): one `appendToStream` per run of consecutive events of one stream. Each of those is atomic,
 *   the batch is not: a crash or a lost connection mid-batch leaves a prefix of the batch stored.
 *   That is safe: the caller retries with the same event ids, the stored prefix then counts as
 *   duplicates and the rest is written, so nothing is ever stored twice.
 *
 * When another writer moves a stream between our read and our write the server refuses the write
 * (its revision check), and the whole batch is read and sorted again. Events this call wrote in an
 * earlier attempt still count as appended, not as duplicates.
 */
export async function appendBatch(ctx: KurrentContext, events: VtEvent[]): Promise<BatchAppendResult> {
  if (events.length === 0) return { appended: 0, duplicates: 0, duplicateIndexes: [] };
  const batch: Batch = {
    events,
    prints: events.map(eventFingerprint),
    streams: events.map((e) => ctx.names.caseStream(e.organisation, e.caseId)),
    written: new Set(),
  };
  const ids = events.map((e) => e.id);

  return guard(async () => {
    for (let attempt = 1; ; attempt++) {
      await ctx.erased.refresh();
      const states = await readCaseStreams(ctx.client, batch.streams, { requiresLeader: true });
      const plan = planAppend(ids, batch.prints, (i) => {
        const key = ids[i].toLowerCase();
        if (batch.written.has(key)) return 'written-by-this-call';
        const erased = ctx.erased.knownAs(ids[i], batch.prints[i]);
        if (erased) return erased;
        const fingerprint = states.get(batch.streams[i])?.fingerprints.get(key);
        return fingerprint === undefined ? undefined : { fingerprint };
      });
      if (plan.toWrite.length > 0) {
        const before = batch.written.size;
        try {
          await write(ctx, batch, plan.toWrite, states);
        } catch (err) {
          if (!isRevisionConflict(err)) throw err;
          if (attempt < MAX_WRITE_ATTEMPTS) continue;
          const e = err as { streamName?: string; actualState?: unknown };
          throw new WrongExpectedVersionError(e.streamName ?? '(batch)', 'the revision just read', typeof e.actualState === 'bigint' ? Number(e.actualState) : -1);
        } finally {
          if (batch.written.size > before) ctx.notifyAppended();
        }
      }
      return { appended: batch.written.size, duplicates: plan.duplicateIndexes.length, duplicateIndexes: plan.duplicateIndexes };
    }
  });
}

function runsOf(streams: string[], toWrite: number[]): Run[] {
  const runs: Run[] = [];
  for (const i of toWrite) {
    const last = runs[runs.length - 1];
    if (last && last.stream === streams[i]) last.indexes.push(i);
    else runs.push({ stream: streams[i], indexes: [i] });
  }
  return runs;
}

/** Writes the new events by the best means the server offers, stepping down on `UnsupportedError`. */
async function write(ctx: KurrentContext, batch: Batch, toWrite: number[], states: Map<string, CaseStreamState>): Promise<void> {
  const expected = (stream: string): StreamState => states.get(stream)?.lastRevision ?? NO_STREAM;
  const runs = runsOf(batch.streams, toWrite);
  // One run is one stream: a plain append is atomic on every server version.
  if (runs.length === 1) return writePerStream(ctx, batch, runs, expected);
  // The server's multi-stream appends compare stream names ignoring case (its StreamsService in 25.1
  // and 26.1): two case ids that differ only in case (`abc`, `ABC`) would be written into one
  // stream by appendRecords, and refused by multiStreamAppend. Single-stream appends tell them apart.
  const streams = new Set(runs.map((r) => r.stream));
  if (new Set([...streams].map((s) => s.toLowerCase())).size !== streams.size) return writePerStream(ctx, batch, runs, expected);
  const grouped = streams.size === runs.length;
  for (;;) {
    const mode = ctx.batchWriteMode;
    try {
      if (mode === 'records') return await writeRecords(ctx, batch, toWrite, runs, expected);
      if (mode === 'multi-stream' && grouped) return await writeMultiStream(ctx, batch, runs, expected);
      return await writePerStream(ctx, batch, runs, expected);
    } catch (err) {
      // The feature check runs before anything is sent: nothing was written.
      if (isUnsupported(err) && mode !== 'per-stream') {
        ctx.batchWriteMode = mode === 'records' ? 'multi-stream' : 'per-stream';
        continue;
      }
      // Refused as a whole, so nothing was written; write it stream by stream instead.
      if (isTransactionTooLarge(err) && mode !== 'per-stream') return writePerStream(ctx, batch, runs, expected);
      // appendRecords reports a soft-deleted stream (an erased case) as "deleted" (-5), which its
      // check may not take for NO_STREAM: the single-stream append does, so a batch that starts an
      // erased case again goes stream by stream (also refused as a whole first: nothing written).
      if (mode === 'records' && onlyDeletedStreamsRefused(err)) return writePerStream(ctx, batch, runs, expected);
      throw err;
    }
  }
}

/** A consistency violation of appendRecords on soft-deleted streams only, each expected as NO_STREAM. */
function onlyDeletedStreamsRefused(err: unknown): boolean {
  const violations = (err as { violations?: { expectedState?: unknown; actualState?: unknown }[] } | null)?.violations;
  return Array.isArray(violations) && violations.length > 0 && violations.every((v) => v.actualState === DELETED_STREAM && v.expectedState === NO_STREAM);
}
/** A deleted stream's state in a consistency violation (the client's types: "Deleted streams return -5n"). */
const DELETED_STREAM = -5n;

/** `appendRecords` (26.1+): records in batch order, one revision check per stream, all or nothing. */
async function writeRecords(ctx: KurrentContext, batch: Batch, toWrite: number[], runs: Run[], expected: (s: string) => StreamState): Promise<void> {
  const records: AppendRecordInput[] = toWrite.map((i) => ({ streamName: batch.streams[i], record: toEventData(batch.events[i], batch.prints[i]) }));
  const checks: ConsistencyCheck[] = [...new Set(runs.map((r) => r.stream))].map((streamName) => ({ type: STREAM_STATE, streamName, expectedState: expected(streamName) }));
  await ctx.client.appendRecords(records, checks);
  for (const i of toWrite) batch.written.add(batch.events[i].id.toLowerCase());
}

/** `multiStreamAppend` (25.1+): one request per stream, all or nothing. Only for batches grouped by stream. */
async function writeMultiStream(ctx: KurrentContext, batch: Batch, runs: Run[], expected: (s: string) => StreamState): Promise<void> {
  const requests: AppendStreamRequest[] = runs.map((run) => ({
    streamName: run.stream,
    events: run.indexes.map((i) => toEventData(batch.events[i], batch.prints[i])),
    expectedState: expected(run.stream),
  }));
  await ctx.client.multiStreamAppend(requests);
  for (const run of runs) for (const i of run.indexes) batch.written.add(batch.events[i].id.toLowerCase());
}

/**
 * One atomic append per run, in batch order. Not all or nothing across runs (see appendBatch): a
 * failure after the first run leaves the runs before it stored, and `batch.written` says which.
 */
async function writePerStream(ctx: KurrentContext, batch: Batch, runs: Run[], expected: (s: string) => StreamState): Promise<void> {
  const current = new Map<string, StreamState>();
  for (const run of runs) {
    const streamState = current.get(run.stream) ?? expected(run.stream);
    const result = await ctx.client.appendToStream(
      run.stream,
      run.indexes.map((i) => toEventData(batch.events[i], batch.prints[i])),
      { streamState, requiresLeader: true },
    );
    if (!result.success) throw new RevisionConflict(run.stream, result.nextExpectedRevision);
    current.set(run.stream, result.nextExpectedRevision);
    for (const i of run.indexes) batch.written.add(batch.events[i].id.toLowerCase());
  }
}
