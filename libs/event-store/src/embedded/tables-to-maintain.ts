/** A table's size as its last VACUUM or ANALYZE recorded it (`pg_class`), and now. */
export interface TableSize {
  name: string;
  /** `reltuples`: -1 when the table was never vacuumed or analyzed. */
  tuples: number;
  /** `relpages` at the last VACUUM or ANALYZE. */
  pages_then: number;
  /** The table's size now, in pages. */
  pages_now: number;
}

/** Below this many pages (64 KiB) a table is read whole whatever the planner thinks: never worth a VACUUM. */
const MIN_PAGES = 8;
/** autovacuum's default scale factor for ANALYZE (`autovacuum_analyze_scale_factor`). */
const SCALE = 0.1;

/**
 * The tables to VACUUM ANALYZE, as autovacuum would choose them where it cannot count changed rows
 * (PGlite keeps no table statistics): those never analyzed with at least MIN_PAGES pages, and those
 * whose size moved by more than a tenth (and MIN_PAGES) since. Rows updated in place leave the size
 * as it was, and need no new statistics either.
 */
export function tablesToMaintain(sizes: readonly TableSize[]): string[] {
  return sizes
    .filter((t) => {
      if (t.pages_now < MIN_PAGES && t.pages_then < MIN_PAGES) return false;
      if (t.tuples < 0) return true;
      return Math.abs(t.pages_now - t.pages_then) > Math.max(MIN_PAGES, SCALE * t.pages_then);
    })
    .map((t) => t.name)
    .sort();
}
