import { START, type EventStore, type Position, type SqlClient } from '../../event-store/src';
import { sqlPosition } from '../../event-store/src/sql/position';
import type { CaseEvent, ProjectionConfig } from '../../projections/src';
import { foldCaseRows, insertCaseEvents, insertCaseRows, LOG_EVENT_COLUMNS, loadCaseEvents, logRowToCaseEvent, type CaseRows, type LogEventRow } from './case-rows';
import { writeCheckpoint } from './checkpoint';
import { DERIVED_TABLES, detectCaseEventSource, READ_MODEL_INDEXES, readModelTables } from './schema';

export interface RebuildProgress {
  /** `copy`: events copied into rm_case_events (`copy` source only); `fold`: events (`log`) or cases (`copy`) folded; `index`: indexes built. */
  phase: 'copy' | 'fold' | 'index';
  unit: 'events' | 'cases' | 'indexes';
  done: number;
  /** For events read from the log: the planner's estimate of the log's size. */
  total?: number;
}

export interface RebuildOptions {
  /** Events per read of the log (`log`) or per copied page (`copy`). */
  pageSize?: number;
  /** Cases per fold chunk (`copy` source only). */
  casesPerFold?: number;
  /** `after` (default): drop the derived tables' indexes first and build them once loaded; `during`: keep them. */
  indexes?: 'after' | 'during';
  onProgress?(p: RebuildProgress): void;
}

/**
 * Drops every read model and rebuilds it from the log. The checkpoint is cleared first and written
 * last, so a rebuild that dies half-way leaves read models that the runner completes from the
 * start (or a rerun of the rebuild starts over).
 *
 * When the read models share the log's database they read the log once, in case order (vt_events'
 * index on stream and version), fold each case in memory and write its rows; on PostgreSQL the next
 * page is read and the previous chunk written on other connections while a chunk is folded. Else
 * (a store with a read-model database of its own) the events are first copied into rm_case_events.
 */
export async function rebuildReadModels(store: EventStore, db: SqlClient, config: ProjectionConfig, options: RebuildOptions = {}): Promise<{ events: number; cases: number }> {
  const source = await detectCaseEventSource(db);
  await db.query(`TRUNCATE ${readModelTables(source).join(', ')}`);
  const indexesAfter = (options.indexes ?? 'after') === 'after';
  // Without its indexes a table dies half-way as well as with them: openReadModel creates any missing one.
  if (indexesAfter) for (const i of READ_MODEL_INDEXES) await db.query(`DROP INDEX IF EXISTS ${i.name}`);
  const result = source === 'log' ? await foldLogInCaseOrder(db, config, options) : await copyThenFold(store, db, config, options);
  if (indexesAfter) {
    for (const i of READ_MODEL_INDEXES) {
      options.onProgress?.({ phase: 'index', unit: 'indexes', done: READ_MODEL_INDEXES.indexOf(i), total: READ_MODEL_INDEXES.length });
      await db.transaction(async (tx) => {
        await tx.query(`SET LOCAL maintenance_work_mem = '128MB'`);
        await tx.query(`CREATE INDEX IF NOT EXISTS ${i.name} ON ${i.on}`);
      });
    }
  }
  await db.transaction((tx) => writeCheckpoint(tx, result.checkpoint));
  // Fresh tables have no planner statistics yet (PGlite has no autovacuum): without them report
  // queries pick poor plans. VACUUM marks the pages all-visible, so that the quarter report reads
  // the covering index alone (a few seconds at 15M events: the tables were just written).
  await db.query(`VACUUM ANALYZE ${DERIVED_TABLES.join(', ')}`);
  return { events: result.events, cases: result.cases };
}

interface FoldResult {
  events: number;
  cases: number;
  checkpoint: Position;
}

/** The rows of vt_events from the first stream after `after`, whole streams only; `last` when the log ends here. */
async function readStreams(db: SqlClient, after: string, limit: number): Promise<{ rows: LogEventRow[]; after: string; last: boolean }> {
  const rows = await db.query<LogEventRow>(`SELECT ${LOG_EVENT_COLUMNS} FROM vt_events WHERE stream_id > $1 ORDER BY stream_id, stream_version LIMIT $2`, [after, limit]);
  if (rows.length < limit) return { rows, after, last: true };
  // The page may end inside a stream: keep whole streams, and read from the cut one next time.
  const lastKey = rows[rows.length - 1].case_key;
  let cut = rows.length;
  while (cut > 0 && rows[cut - 1].case_key === lastKey) cut--;
  if (cut > 0) return { rows: rows.slice(0, cut), after: rows[cut - 1].case_key, last: false };
  // One stream fills the page: read it whole.
  const whole = await db.query<LogEventRow>(`SELECT ${LOG_EVENT_COLUMNS} FROM vt_events WHERE stream_id = $1 ORDER BY stream_version`, [lastKey]);
  return { rows: whole, after: lastKey, last: false };
}

async function foldLogInCaseOrder(db: SqlClient, config: ProjectionConfig, options: RebuildOptions): Promise<FoldResult> {
  const limit = options.pageSize ?? 20_000;
  // The checkpoint: the last event of the global order that no transaction in flight can precede
  // (as readAll reads it). Everything up to it is folded below; what is appended later is folded
  // too or, past the checkpoint, by the runner again (a fold replaces a case's rows: nothing counts twice).
  const [head] = await db.query<{ tx: string; seq: string }>(
    `SELECT tx::text AS tx, seq::text AS seq FROM vt_events WHERE tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY tx DESC, seq DESC LIMIT 1`,
  );
  const checkpoint = head ? sqlPosition(head.tx, head.seq) : START;
  const [estimate] = await db.query<{ n: string }>(`SELECT reltuples::bigint::text AS n FROM pg_class WHERE oid = 'vt_events'::regclass`);
  const total = Number(estimate?.n) > 0 ? Number(estimate.n) : undefined;

  let events = 0;
  let cases = 0;
  let writing: Promise<void> = Promise.resolve();
  let next = readStreams(db, '', limit);
  for (;;) {
    const page = await next;
    // Read ahead while this page is folded (another connection on PostgreSQL).
    if (!page.last) next = readStreams(db, page.after, limit);
    const chunk: CaseRows[] = [];
    let start = 0;
    for (let i = 1; i <= page.rows.length; i++) {
      if (i < page.rows.length && page.rows[i].case_key === page.rows[start].case_key) continue;
      const caseEvents: CaseEvent[] = [];
      for (let j = start; j < i; j++) caseEvents.push(logRowToCaseEvent(page.rows[j]));
      chunk.push(foldCaseRows(page.rows[start].case_key, caseEvents, config));
      start = i;
    }
    events += page.rows.length;
    cases += chunk.length;
    // One chunk in flight at a time: write this one while the next is read and folded.
    await writing;
    writing = insertCaseRows(db, chunk);
    writing.catch(() => undefined); // awaited (and thrown) on the next turn or after the loop
    options.onProgress?.({ phase: 'fold', unit: 'events', done: events, total: total === undefined ? undefined : Math.max(total, events) });
    if (page.last) break;
  }
  await writing;
  return { events, cases, checkpoint };
}

/** Copy every event into rm_case_events, then fold each case once (the tables are empty: inserts only). */
async function copyThenFold(store: EventStore, db: SqlClient, config: ProjectionConfig, options: RebuildOptions): Promise<FoldResult> {
  const pageSize = options.pageSize ?? 5000;
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
  const chunk = options.casesPerFold ?? 2000;
  for (let i = 0; i < keys.length; i += chunk) {
    const byCase = await loadCaseEvents(db, 'copy', keys.slice(i, i + chunk));
    await insertCaseRows(db, [...byCase].map(([key, caseEvents]) => foldCaseRows(key, caseEvents, config)));
    options.onProgress?.({ phase: 'fold', unit: 'cases', done: Math.min(i + chunk, keys.length), total: keys.length });
  }
  return { events, cases: keys.length, checkpoint: from };
}
