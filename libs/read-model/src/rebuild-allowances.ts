/**
 * How much of the log a rebuild may hold in memory, from the heap it may use.
 *
 * `foldLog` keeps the events of cases not closed yet, and facts held back per month, until it can
 * fold or write them. Fixed counts (2,000,000 events and 500,000 month rows, about 1.5 GB of heap
 * at 15M events) would end a rebuild with "JavaScript heap out of memory" where Node gives the
 * process less heap than that: Node takes a quarter of the machine's memory, so on a 4 GiB server
 * a national rebuild would die every time, and a runner that rebuilds at start would die with it.
 * The allowances are therefore a share of the heap limit, at most those counts: held back early,
 * a case is folded early and again from its stream if more comes, which costs time, not memory.
 */
export interface RebuildAllowances {
  /** Events of open cases kept in memory (for the whole rebuild; each worker thread gets its share). */
  maxOpenEvents: number;
  /** Case-month rows of facts held back to be written together. */
  maxPendingFacts: number;
}

/** The counts a rebuild keeps at most, whatever the heap. */
export const MAX_OPEN_EVENTS = 2_000_000;
export const MAX_PENDING_FACTS = 500_000;

/**
 * Heap bytes an item takes while held, measured on the synthetic national log of bench/ (a row of
 * the log as text: 479 B with a 230-character body; a month row of about 4 facts: 1,103 B), with a
 * margin for bodies larger than the bench's.
 */
const BYTES_PER_OPEN_EVENT = 600;
const BYTES_PER_PENDING_FACT_ROW = 1_400;

/** The share of the heap limit held items may take (the rest: pages in flight, folds, writes, the service). */
const HEAP_SHARE = 0.4;

/** Whatever the heap, at least this many, so that a small heap still folds cases whole. */
const MIN_OPEN_EVENTS = 20_000;
const MIN_PENDING_FACTS = 5_000;

/**
 * The allowances for a heap of `heapLimitBytes` (`v8.getHeapStatistics().heap_size_limit`, which
 * `--max-old-space-size` sets): two thirds of the share for open events, one third for facts. Each
 * worker thread has a heap of the same limit and gets a share of the whole, so the threads
 * together hold no more than one heap's share.
 */
export function rebuildAllowances(heapLimitBytes: number): RebuildAllowances {
  if (!Number.isFinite(heapLimitBytes) || heapLimitBytes <= 0) throw new RangeError(`heap limit must be a positive number of bytes, got ${heapLimitBytes}`);
  const budget = heapLimitBytes * HEAP_SHARE;
  return {
    maxOpenEvents: clamp(Math.floor((budget * 2) / 3 / BYTES_PER_OPEN_EVENT), MIN_OPEN_EVENTS, MAX_OPEN_EVENTS),
    maxPendingFacts: clamp(Math.floor(budget / 3 / BYTES_PER_PENDING_FACT_ROW), MIN_PENDING_FACTS, MAX_PENDING_FACTS),
  };
}

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));
