import { eventFingerprint, type ValidationProblem } from '../../events/src';
import { IdempotencyConflictError, isStoreOutOfReach, type EventStore } from '../../event-store/src';
import type { ValidatedBatch } from './validate-records';

export interface IngestSummary {
  appended: number;
  duplicates: number;
  /** Records not stored: invalid, or an id already stored with another body. */
  rejected: ValidationProblem[];
}

export interface IngestOptions {
  /** Store the valid events and list the rest, instead of refusing the whole input. */
  skipInvalid?: boolean;
  /** Events per transaction (default 2000). Each committed chunk is durable; a re-run skips it as duplicates. */
  chunkSize?: number;
  onProgress?(done: number, total: number): void;
}

/** Thrown when the input has invalid records and skipping was not asked for: nothing was written. */
export class InvalidInputError extends Error {
  constructor(readonly problems: ValidationProblem[]) {
    super(`${problems.length} problem${problems.length === 1 ? '' : 's'} in the input; nothing was written`);
  }
}

/**
 * Thrown when another writer stored one of the input's ids with another body while this import
 * ran (between its read-only first pass and the chunk's transaction), without `skipInvalid`:
 * the chunks before it are stored (`appended`, `duplicates`); that chunk and the rest are not.
 * A re-run once the conflict is settled skips what is stored as duplicates.
 */
export class PartlyWrittenError extends InvalidInputError {
  constructor(problems: ValidationProblem[], readonly appended: number, readonly duplicates: number) {
    super(problems);
    this.message = `${problems.length} event id${problems.length === 1 ? ' was' : 's were'} stored with another body by another writer during the import; ${appended === 1 ? 'the 1 event' : `the ${appended} events`} appended before ${problems.length === 1 ? 'it' : 'them'} ${appended === 1 ? 'is' : 'are'} kept, the rest was not written`;
  }
}

/** An id reused with another body: one already stored, or one earlier in the same input. */
function conflictProblem(at: ValidatedBatch['valid'][number], id: string, earlierInInput = false): ValidationProblem {
  const message = earlierInInput ? `event id ${id} appears earlier in the input with another body` : `event id ${id} is already stored with another body`;
  return { index: at.index, ...(at.line !== undefined ? { line: at.line } : {}), field: 'id', message };
}

/**
 * Appends validated input. Without `skipInvalid`, any problem (invalid record, or an id reused with
 * another body) means nothing is written: reused ids are looked for in a first pass that writes
 * nothing. Then events are appended in chunks, each one transaction: a large import commits as it
 * goes, so a crash loses only the chunk in flight and a re-run stores the rest, doubling nothing.
 */
export async function ingestEvents(store: EventStore, batch: ValidatedBatch, options: IngestOptions = {}): Promise<IngestSummary> {
  const rejected = [...batch.problems];
  const chunkSize = options.chunkSize ?? 2000;
  if (!Number.isSafeInteger(chunkSize) || chunkSize < 1) throw new RangeError(`chunkSize must be a whole number of 1 or more, got ${chunkSize}`);
  const refused = rejected.length > 0 && !options.skipInvalid;

  // The first pass runs on input already refused too, so that one run lists every problem: an id
  // reused with another body was otherwise named only after the invalid records were mended. A
  // store out of reach then leaves the problems found so far, still with nothing written.
  let reused: Set<number>;
  let inInput: Set<number>;
  try {
    ({ reused, inInput } = await findReusedIds(store, batch.valid, chunkSize));
  } catch (err) {
    // Only a store out of reach: any other failure is no fault of the input, and says so.
    if (refused && isStoreOutOfReach(err)) throw new InvalidInputError(rejected);
    throw err;
  }
  if (reused.size > 0) {
    rejected.push(...reusedIdProblems(batch.valid, reused, inInput));
    rejected.sort((a, b) => a.index - b.index);
  }
  if (rejected.length > 0 && !options.skipInvalid) throw new InvalidInputError(rejected);
  const events = batch.valid.filter((_, i) => !reused.has(i));

  let appended = 0;
  let duplicates = 0;
  options.onProgress?.(0, events.length);
  for (let start = 0; start < events.length; start += chunkSize) {
    let chunk = events.slice(start, start + chunkSize);
    for (;;) {
      try {
        const result = await store.appendBatch(chunk.map((v) => v.event));
        appended += result.appended;
        duplicates += result.duplicates;
        break;
      } catch (err) {
        // Only a concurrent writer reusing an id between the two passes gets here. The chunk's
        // transaction wrote nothing; the chunks before it are committed.
        if (!(err instanceof IdempotencyConflictError)) throw err;
        const problems = err.conflicts.map((c) => conflictProblem(chunk[c.index], c.id));
        if (!options.skipInvalid) throw start > 0 ? new PartlyWrittenError(problems, appended, duplicates) : new InvalidInputError(problems);
        rejected.push(...problems);
        const conflicting = new Set(err.conflicts.map((c) => c.index));
        chunk = chunk.filter((_, k) => !conflicting.has(k));
      }
    }
    options.onProgress?.(Math.min(start + chunkSize, events.length), events.length);
  }
  rejected.sort((a, b) => a.index - b.index);
  return { appended, duplicates, rejected };
}

/**
 * The first pass, read-only: the valid events whose id is reused with another body, whether
 * stored before (unless `store` is undefined) or earlier in this input (in another chunk: the store
 * checks one chunk at a time), by their place in `valid`; `inInput`: those whose id came earlier in
 * this input. The fingerprints are cached per event: the store's check reuses them.
 */
export async function findReusedIds(store: Pick<EventStore, 'checkIdempotency'> | undefined, valid: ValidatedBatch['valid'], chunkSize: number): Promise<{ reused: Set<number>; inInput: Set<number> }> {
  const reused = new Set<number>();
  const inInput = new Set<number>();
  const firstPrint = new Map<string, string>();
  for (let start = 0; start < valid.length; start += chunkSize) {
    const chunk = valid.slice(start, start + chunkSize);
    // Without a store (none made yet), only the input can reuse an id.
    if (store) {
      const check = await store.checkIdempotency(chunk.map((v) => v.event));
      for (const c of check.conflicts) reused.add(start + c.index);
    }
    chunk.forEach((v, k) => {
      const id = v.event.id.toLowerCase();
      const print = eventFingerprint(v.event);
      const first = firstPrint.get(id);
      if (first === undefined) firstPrint.set(id, print);
      else if (first !== print) {
        reused.add(start + k);
        inInput.add(start + k);
      }
    });
  }
  return { reused, inInput };
}

/** The problems of the events `findReusedIds` found, by their place in `valid`. */
export function reusedIdProblems(valid: ValidatedBatch['valid'], reused: ReadonlySet<number>, inInput: ReadonlySet<number>): ValidationProblem[] {
  return [...reused].map((i) => conflictProblem(valid[i], valid[i].event.id, inInput.has(i)));
}
