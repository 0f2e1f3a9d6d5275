import type { Day, DayIndex } from './day-index';
import type { Rng } from './prng';

/**
 * Helpers that make a published count or share come out exactly: choose days inside a window,
 * and flip individual cases (within their year) until a count or a share is met.
 */

/** A random werkdag in [lo, hi] (uniform, or skewed to the end with `lateBias` > 1); null if none. */
export function randomWerkdag(days: DayIndex, rng: Rng, lo: Day, hi: Day, lateBias = 1): Day | null {
  if (lo > hi) return null;
  const a = days.werkdagOnOrAfter(lo);
  if (a > hi) return null;
  const b = days.werkdagOnOrBefore(hi);
  const n = days.werkdagenBetween(a, b); // werkdagen after a up to b
  const u = lateBias === 1 ? rng.next() : Math.pow(rng.next(), 1 / lateBias);
  return days.addWerkdagen(a, Math.min(n, Math.floor(u * (n + 1))));
}

/**
 * A werkdag in [lo, hi] as close as possible to `preferred`: itself when it fits, otherwise a
 * werkdag near the bound it crossed (spread over up to `spread` werkdagen). Null if none.
 */
export function werkdagNear(days: DayIndex, rng: Rng, lo: Day, hi: Day, preferred: Day, spread = 8): Day | null {
  if (lo > hi) return null;
  const a = days.werkdagOnOrAfter(lo);
  if (a > hi) return null;
  const b = days.werkdagOnOrBefore(hi);
  if (preferred >= a && preferred <= b) return days.werkdagOnOrAfter(preferred) <= b ? days.werkdagOnOrAfter(preferred) : b;
  if (preferred < a) {
    const d = days.addWerkdagen(a, rng.int(0, spread));
    return d <= b ? d : b;
  }
  const back = rng.int(0, spread);
  const n = days.werkdagenBetween(a, b);
  return days.addWerkdagen(a, Math.max(0, n - back));
}

/**
 * Makes the number of `items` for which `isYes` holds equal `target` by flipping single items
 * (`toYes` / `toNo` try a flip and report whether it was possible), in random order. Throws when the
 * target cannot be reached: the plan is then wrong, not the data.
 */
export function fixCount<T>(label: string, items: readonly T[], rng: Rng, isYes: (t: T) => boolean, target: number, toYes: (t: T) => boolean, toNo: (t: T) => boolean): void {
  let yes = items.filter(isYes).length;
  if (yes === target) return;
  const order = rng.shuffle(items);
  for (const item of order) {
    if (yes === target) break;
    if (yes < target && !isYes(item) && toYes(item) && isYes(item)) yes++;
    else if (yes > target && isYes(item) && toNo(item) && !isYes(item)) yes--;
  }
  if (yes !== target) throw new Error(`${label}: reached ${yes}, target ${target} (of ${items.length})`);
}

/** The number of stops that makes `pct` after rounding to one decimal (as `tijdig_pct` does). */
export function numeratorFor(pct: number, denominator: number): number {
  return Math.round((pct / 100) * denominator);
}
