import { availableParallelism } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { START, type EventStore, type Position, type SqlClient } from '../../event-store/src';
import { readHorizon } from '../../event-store/src/sql/append-horizon';
import { sqlPosition } from '../../event-store/src/sql/position';
import type { ProjectionConfig } from '../../projections/src';
import { foldCaseRow } from './case-row-codec';
import { insertCaseEvents, insertCaseRows, loadCaseEvents, refoldCases } from './case-rows';
import { foldLog, type FoldLogOptions, type FoldLogResult } from './fold-log';
import { foldLogInWorkers } from './fold-log-in-workers';
import { readCheckpoint, REBUILDING, writeCheckpoint } from './checkpoint';
import { markRebuilding } from './read-complete';
import { writeFoldVersion } from './fold-version';
import { rebuildAllowances } from './rebuild-allowances';
import { withReadModelsToItself } from './read-model-lock';
import { DERIVED_TABLES, detectCaseEventSource, READ_MODEL_INDEXES, readModelTables } from './schema';

export interface RebuildProgress {
  /**
   * `copy`: events copied into rm_case_events (`copy` source only); `fold`: events (`log`) or
   * cases (`copy`) folded; `index`: indexes built; `refold`: cases folded again from their streams
   * (they got events after they were folded: late registrations, retractions, cases folded early).
   */
  phase: 'copy' | 'fold' | 'index' | 'refold';
  unit: 'events' | 'cases' | 'indexes';
  done: number;
  /** For events read from the log: the planner's estimate of the log's size. */
  total?: number;
  /** For events read from the log: the threads folding them. */
  workers?: number;
}

export interface RebuildOptions {
  /** Events per read of the log. */
  pageSize?: number;
  /** Folded cases per write (`log`), or cases per fold chunk (`copy`). */
  casesPerWrite?: number;
  /**
   * Events of cases not closed yet that the rebuild keeps in memory (default: a share of the heap
   * limit, at most 2,000,000; see rebuild-allowances.ts). Beyond it, the cases open longest are
   * folded early (and again from their streams if more events come), so a log whose cases never
   * close costs time, not memory.
   */
  maxOpenEvents?: number;
  /** Case-month rows of facts held back to be written together per month (default: a share of the heap limit, at most 500,000). */
  maxPendingFacts?: number;
  /**
   * Threads that fold at once when the log is on a PostgreSQL server (default: one per core, at
   * most 8), each over its own share of the cases with its own connections. The embedded store
   * folds on the calling thread.
   */
  workers?: number;
  /** `after` (default): drop the derived tables' indexes first and build them once loaded; `during`: keep them. */
  indexes?: 'after' | 'during';
  onProgress?(p: RebuildProgress): void;
}

/**
 * Drops every read model and rebuilds it from the log. The checkpoint is set to REBUILDING first
 * and to the rebuild's own last, so a rebuild that dies half-way leaves read models that every
 * projection runner knows to be incomplete: it rebuilds them before it applies anything.
 *
 * When the read models share the log's database they fold it where it lies (`foldLog`: one pass
 * over its global order), on a PostgreSQL server in worker threads that each make that pass and
 * keep a share of the cases. Else (a store with a read-model database of its own) the events are
 * first copied into rm_case_events.
 *
 * On a database server the rebuild has the read models to itself: the pages of projection runners
 * in other processes (a running `serve`) wait until it is done, then go on.
 */
export function rebuildReadModels(store: EventStore, db: SqlClient, config: ProjectionConfig, options: RebuildOptions = {}): Promise<{ events: number; cases: number }> {
  return withReadModelsToItself(db, () => rebuildNow(store, db, config, options));
}

/**
 * For a projection runner that starts with nothing applied (a first start, new read-model
 * tables): the rebuild, far faster than applying the log page by page. Unless, once it has the
 * read models to itself, it finds events applied meanwhile (another process started first):
 * then it does nothing and returns undefined.
 */
export function rebuildIfNothingApplied(store: EventStore, db: SqlClient, config: ProjectionConfig, options: RebuildOptions = {}): Promise<{ events: number; cases: number } | undefined> {
  return withReadModelsToItself(db, async () => {
    const at = await readCheckpoint(db);
    return at === START || at === REBUILDING ? rebuildNow(store, db, config, options) : undefined;
  });
}

async function rebuildNow(store: EventStore, db: SqlClient, config: ProjectionConfig, options: RebuildOptions): Promise<{ events: number; cases: number }> {
  const source = await detectCaseEventSource(db);
  // Emptied and marked in one transaction, until the rebuild's own checkpoint replaces the mark: a
  // rebuild that dies half-way is known as such, and queries never see empty tables unmarked.
  await db.transaction(async (tx) => {
    await tx.query(`TRUNCATE ${readModelTables(source).join(', ')}`);
    await markRebuilding(tx);
  });
  const indexesAfter = (options.indexes ?? 'after') === 'after';
  // Without its indexes a table dies half-way as well as with them: openReadModel creates any missing one.
  if (indexesAfter) for (const i of READ_MODEL_INDEXES) await db.query(`DROP INDEX IF EXISTS ${i.name}`);
  const result = source === 'log' ? await foldLogWhereItIs(db, config, options) : await copyThenFold(store, db, config, options);
  if (indexesAfter) {
    for (const i of READ_MODEL_INDEXES) {
      options.onProgress?.({ phase: 'index', unit: 'indexes', done: READ_MODEL_INDEXES.indexOf(i), total: READ_MODEL_INDEXES.length });
      await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL maintenance_work_mem = '128MB'`);
        await tx.query(`CREATE INDEX IF NOT EXISTS ${i.name} ON ${i.on}`);
      });
    }
    options.onProgress?.({ phase: 'index', unit: 'indexes', done: READ_MODEL_INDEXES.length, total: READ_MODEL_INDEXES.length });
  }
  // With the indexes in place: a refold deletes a case's rows by its key.
  const perWrite = options.casesPerWrite ?? 2000;
  for (let i = 0; i < result.again.length; i += perWrite) {
    options.onProgress?.({ phase: 'refold', unit: 'cases', done: i, total: result.again.length });
    await db.transaction((tx) => refoldCases(tx, source, result.again.slice(i, i + perWrite), config));
  }
  if (result.again.length > 0) options.onProgress?.({ phase: 'refold', unit: 'cases', done: result.again.length, total: result.again.length });
  await db.transaction(async (tx) => {
    await writeCheckpoint(tx, result.checkpoint);
    // Finished: the read models are of this release's fold, with these settings (fold-version.ts).
    await writeFoldVersion(tx, config);
  });
  // Fresh tables have no planner statistics yet (PGlite has no autovacuum): without them report
  // queries pick poor plans. VACUUM marks the pages all-visible, so that the range lookups of the
  // reports read their indexes alone (a few seconds at 15M events: the tables were just written).
  await db.query(`VACUUM ANALYZE ${DERIVED_TABLES.join(', ')}`);
  return { events: result.events, cases: result.cases };
}

interface FoldResult extends FoldLogResult {
  checkpoint: Position;
}

/** Worker threads by default: one per core the process may use, at most 8. */
export const defaultRebuildWorkers = () => Math.min(availableParallelism(), 8);

const EMBEDDED_PAGE_SIZE = 2_000;
const EMBEDDED_CASES_PER_WRITE = 500;

/** Folds the log where it lies (the read models share its database), in worker threads on a PostgreSQL server. */
async function foldLogWhereItIs(db: SqlClient, config: ProjectionConfig, options: RebuildOptions): Promise<FoldResult> {
  // The checkpoint: the last event below the read horizon, as readAll reads the log (no append in
  // flight can land behind it). Everything up to it is folded; what is appended later is folded by
  // the runner (a fold replaces a case's rows: nothing counts twice).
  // (Aliases other than tx/seq: ORDER BY would otherwise sort their text, and '9' > '26'.)
  const horizon = await readHorizon(db);
  const [last] = await db.query<{ head_tx: string; head_seq: string }>(
    `SELECT tx::text AS head_tx, seq::text AS head_seq FROM vt_events WHERE tx < $1::xid8 ORDER BY vt_events.tx DESC, vt_events.seq DESC LIMIT 1`,
    [horizon],
  );
  if (!last) return { events: 0, cases: 0, again: [], checkpoint: START };
  const head = { tx: last.head_tx, seq: last.head_seq };
  const [estimate] = await db.query<{ n: string }>(`SELECT reltuples::bigint::text AS n FROM pg_class WHERE oid = 'vt_events'::regclass`);
  const total = Number(estimate?.n) > 0 ? Number(estimate.n) : undefined;
  // PGlite is one connection in this process (no connection string): its fold stays on this thread.
  const url = db.connectionString;
  const workers = url ? Math.max(1, Math.floor(options.workers ?? defaultRebuildWorkers())) : 1;
  // Each worker thread's heap has this thread's limit (--max-old-space-size applies to all of them).
  const allowances = rebuildAllowances(getHeapStatistics().heap_size_limit);
  const fold: FoldLogOptions = {
    head,
    // PGlite runs its queries on this thread: smaller pages and writes give `serve` a turn of its
    // event loop every few hundred milliseconds (health probes, signals) during a first rebuild.
    pageSize: options.pageSize ?? (url ? undefined : EMBEDDED_PAGE_SIZE),
    casesPerWrite: options.casesPerWrite ?? (url ? undefined : EMBEDDED_CASES_PER_WRITE),
    // The allowances are for the whole rebuild: each worker gets its share.
    maxOpenEvents: Math.ceil((options.maxOpenEvents ?? allowances.maxOpenEvents) / workers),
    maxPendingFacts: Math.ceil((options.maxPendingFacts ?? allowances.maxPendingFacts) / workers),
    onEvents: (done) => options.onProgress?.({ phase: 'fold', unit: 'events', done, total: total === undefined ? undefined : Math.max(total, done), workers }),
  };
  options.onProgress?.({ phase: 'fold', unit: 'events', done: 0, total, workers });
  const result = url && workers > 1 ? await foldLogInWorkers(url, config.settings, workers, fold) : await foldLog(db, config, fold);
  return { ...result, checkpoint: sqlPosition(head.tx, head.seq) };
}

/** Copy every event into rm_case_events, then fold each case once (the tables are empty: inserts only). */
async function copyThenFold(store: EventStore, db: SqlClient, config: ProjectionConfig, options: RebuildOptions): Promise<FoldResult> {
  const pageSize = Math.min(options.pageSize ?? 5000, 5000);
  let from = START;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ from, limit: pageSize });
    if (page.events.length === 0) break;
    await db.transaction((tx) => insertCaseEvents(tx, page.events));
    events += page.events.length;
    from = page.next;
    options.onProgress?.({ phase: 'copy', unit: 'events', done: events });
  }
  // Statistics before the fold: without them `case_key = ANY(…)` is planned as a full scan per chunk.
  await db.query('ANALYZE rm_case_events');
  const keys = (await db.query<{ case_key: string }>('SELECT DISTINCT case_key FROM rm_case_events ORDER BY case_key')).map((r) => r.case_key);
  const chunk = options.casesPerWrite ?? 2000;
  for (let i = 0; i < keys.length; i += chunk) {
    const byCase = await loadCaseEvents(db, 'copy', keys.slice(i, i + chunk));
    await insertCaseRows(db, [...byCase].map(([key, caseEvents]) => foldCaseRow(key, caseEvents, config)));
    options.onProgress?.({ phase: 'fold', unit: 'cases', done: Math.min(i + chunk, keys.length), total: keys.length });
  }
  return { events, cases: keys.length, again: [], checkpoint: from };
}
