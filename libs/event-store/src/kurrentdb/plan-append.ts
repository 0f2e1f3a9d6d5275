import { IdempotencyConflictError } from '../errors';

/** What the store already knows of an event id: its fingerprint, erased, written by this very call, or nothing. */
export type KnownId = { fingerprint: string } | 'erased' | 'written-by-this-call' | undefined;

export interface Classification {
  /** Indexes of the events to write, in batch order. */
  toWrite: number[];
  /** Indexes of events that are already stored (same id, same body), erased, or repeated in the batch. */
  duplicateIndexes: number[];
  /** Indexes of events that an earlier attempt of this same call wrote (after a lost race, the call retries). */
  writtenEarlier: number[];
  /** Ids reused with another body, in the batch or against the store, by index. */
  conflicts: { index: number; id: string }[];
}

export type AppendPlan = Omit<Classification, 'conflicts'>;

/**
 * Sorts a batch into events to write, duplicates and conflicts, exactly as the SQL store does
 * (`classifyEvents` in sql/append-events.ts): the first occurrence of an id in the batch counts; a
 * later one with the same fingerprint is a duplicate, with another a conflict; an id already stored
 * with the same fingerprint, or erased, is a duplicate, with another fingerprint a conflict. Ids are
 * uuids and compared without regard to case.
 */
export function classifyIds(ids: string[], prints: string[], known: (index: number) => KnownId): Classification {
  const duplicateIndexes: number[] = [];
  const conflicts: { index: number; id: string }[] = [];
  const fresh: number[] = [];
  const firstById = new Map<string, number>();
  ids.forEach((id, i) => {
    const key = id.toLowerCase();
    const first = firstById.get(key);
    if (first === undefined) {
      firstById.set(key, i);
      fresh.push(i);
    } else if (prints[first] === prints[i]) duplicateIndexes.push(i);
    else conflicts.push({ index: i, id });
  });

  const toWrite: number[] = [];
  const writtenEarlier: number[] = [];
  for (const i of fresh) {
    const k = known(i);
    if (k === undefined) toWrite.push(i);
    else if (k === 'written-by-this-call') writtenEarlier.push(i);
    else if (k === 'erased' || k.fingerprint === prints[i]) duplicateIndexes.push(i);
    else conflicts.push({ index: i, id: ids[i] });
  }
  duplicateIndexes.sort((a, b) => a - b);
  conflicts.sort((a, b) => a.index - b.index);
  return { toWrite, duplicateIndexes, writtenEarlier, conflicts };
}

/** `classifyIds` for a write: any conflict throws `IdempotencyConflictError`, before anything is written. */
export function planAppend(ids: string[], prints: string[], known: (index: number) => KnownId): AppendPlan {
  const { conflicts, ...plan } = classifyIds(ids, prints, known);
  if (conflicts.length > 0) throw new IdempotencyConflictError(conflicts);
  return plan;
}
