import { START, type EventStore, type Position, type SqlClient } from '../../event-store/src';
import { sqlPosition } from '../../event-store/src/sql/position';
import type { CaseEvent, ProjectionConfig } from '../../projections/src';
import { foldCaseRow, insertCaseEvents, insertCaseRows, insertFactRows, LOG_EVENT_COLUMNS, loadCaseEvents, logRowToCaseEvent, refoldCases, type CaseFactsRow, type FoldedCase, type LogEventRow } from './case-rows';
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
  /** Events per read of the log. */
  pageSize?: number;
  /** Folded cases per write (`log`), or cases per fold chunk (`copy`). */
  casesPerWrite?: number;
  /**
   * Events of cases not closed yet that the rebuild keeps in memory (default 2,000,000). Beyond
   * it, the cases open longest are folded early (and again from their streams if more events
   * come), so a log whose cases never close costs time, not memory.
   */
  maxOpenEvents?: number;
  /** Case-month rows of facts held back to be written together per month (default 500,000). */
  maxPendingFacts?: number;
  /** `after` (default): drop the derived tables' indexes first and build them once loaded; `during`: keep them. */
  indexes?: 'after' | 'during';
  onProgress?(p: RebuildProgress): void;
}

/**
 * Drops every read model and rebuilds it from the log. The checkpoint is cleared first and written
 * last, so a rebuild that dies half-way leaves read models that the runner completes from the
 * start (or a rerun of the rebuild starts over).
 *
 * When the read models share the log's database they read the log once, in its global order (the
 * order it lies in on disk), keep each case's events in memory until its closure arrives, then
 * fold it and write its row; the cases still open at the end are folded then, and a case that
 * gets an event after it was folded is folded again from its stream. While a page is folded the
 * next is read and the previous rows written (other connections on PostgreSQL). Else (a store with
 * a read-model database of its own) the events are first copied into rm_case_events.
 */
export async function rebuildReadModels(store: EventStore, db: SqlClient, config: ProjectionConfig, options: RebuildOptions = {}): Promise<{ events: number; cases: number }> {
  const source = await detectCaseEventSource(db);
  await db.query(`TRUNCATE ${readModelTables(source).join(', ')}`);
  const indexesAfter = (options.indexes ?? 'after') === 'after';
  // Without its indexes a table dies half-way as well as with them: openReadModel creates any missing one.
  if (indexesAfter) for (const i of READ_MODEL_INDEXES) await db.query(`DROP INDEX IF EXISTS ${i.name}`);
  const result = source === 'log' ? await foldLogInRecordedOrder(db, config, options) : await copyThenFold(store, db, config, options);
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
  // queries pick poor plans. VACUUM marks the pages all-visible, so that the range lookups of the
  // reports read their indexes alone (a few seconds at 15M events: the tables were just written).
  await db.query(`VACUUM ANALYZE ${DERIVED_TABLES.join(', ')}`);
  return { events: result.events, cases: result.cases };
}

interface FoldResult {
  events: number;
  cases: number;
  checkpoint: Position;
}

interface LogPageRow extends LogEventRow {
  tx_id: string;
  seq_no: string;
}

/** The next page of the log's global order after (tx, seq), up to and including `until`. */
function readLogPage(db: SqlClient, after: { tx: string; seq: string }, until: { tx: string; seq: string }, limit: number): Promise<LogPageRow[]> {
  // Aliases must not be `tx`/`seq`: ORDER BY would then sort the text aliases, not the columns.
  return db.query<LogPageRow>(
    `SELECT tx::text AS tx_id, seq::text AS seq_no, ${LOG_EVENT_COLUMNS} FROM vt_events
      WHERE (tx, seq) > ($1::xid8, $2::bigint) AND (tx, seq) <= ($3::xid8, $4::bigint)
      ORDER BY vt_events.tx, vt_events.seq LIMIT $5`,
    [after.tx, after.seq, until.tx, until.seq, limit],
  );
}

/** How long after a month's end (in the log's record time) its facts are held back for the month's later ones. */
const FACTS_LAG_MS = 62 * 86_400_000;
const FACT_ROWS_PER_WRITE = 5_000;
/** The end of a month `YYYY-MM-01` (UTC: the lag dwarfs the hour of difference). */
const monthEndMs = (month: string) => Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);

/** A closure in the text of a stored body (jsonb's output writes `"key": value`). */
const CLOSURE = '"type": "ZaakAfgesloten"';

async function foldLogInRecordedOrder(db: SqlClient, config: ProjectionConfig, options: RebuildOptions): Promise<FoldResult> {
  const limit = options.pageSize ?? 20_000;
  const perWrite = options.casesPerWrite ?? 2_000;
  // The checkpoint: the last event of the global order that no transaction in flight can precede
  // (as readAll reads it). Everything up to it is folded below; what is appended later is folded
  // by the runner (a fold replaces a case's rows: nothing counts twice).
  // (Aliases other than tx/seq: ORDER BY would otherwise sort their text, and '9' > '26'.)
  const [last] = await db.query<{ head_tx: string; head_seq: string }>(
    `SELECT tx::text AS head_tx, seq::text AS head_seq FROM vt_events WHERE tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY vt_events.tx DESC, vt_events.seq DESC LIMIT 1`,
  );
  if (!last) return { events: 0, cases: 0, checkpoint: START };
  const head = { tx: last.head_tx, seq: last.head_seq };
  const [estimate] = await db.query<{ n: string }>(`SELECT reltuples::bigint::text AS n FROM pg_class WHERE oid = 'vt_events'::regclass`);
  const total = Number(estimate?.n) > 0 ? Number(estimate.n) : undefined;

  // Cases whose closure has not arrived yet, with their events so far; cases folded and written;
  // folded cases that got another event (folded again from their streams at the end).
  const open = new Map<string, LogEventRow[]>();
  const folded = new Set<string>();
  const again = new Set<string>();
  const maxOpen = options.maxOpenEvents ?? 2_000_000;
  let openEvents = 0;
  let events = 0;
  let chunk: FoldedCase[] = [];
  let writing: Promise<void> = Promise.resolve();
  const write = async (insert: () => Promise<void>) => {
    // One write in flight at a time: this one goes while the next page is folded.
    await writing;
    writing = insert();
    writing.catch(() => undefined); // awaited (and thrown) on the next write or at the end
  };
  // Facts wait here per month until the log has passed the month's end by FACTS_LAG_MS (or the
  // allowance is used up), and are then written together, sorted by organisation: a period's report
  // then reads a few stretches of rm_case_facts, not rows scattered over the months their cases
  // closed in (a VTIJ quarter at 15M events: 3,186 pages read from disk before, see bench/README.md).
  const pendingFacts = new Map<string, CaseFactsRow[]>();
  let pendingRows = 0;
  const maxPending = options.maxPendingFacts ?? 500_000;
  const writeMonth = async (month: string) => {
    const rows = pendingFacts.get(month)!;
    pendingFacts.delete(month);
    pendingRows -= rows.length;
    rows.sort((a, b) => (a.organisation < b.organisation ? -1 : a.organisation > b.organisation ? 1 : 0));
    for (let i = 0; i < rows.length; i += FACT_ROWS_PER_WRITE) {
      const part = rows.slice(i, i + FACT_ROWS_PER_WRITE);
      await write(() => insertFactRows(db, part));
    }
  };
  /** Writes the months the log has passed (`loggedUpTo`: its record time), or, over the allowance, the oldest until half is left. */
  const writeMonths = async (loggedUpTo: number) => {
    const overAllowance = pendingRows > maxPending;
    for (const month of [...pendingFacts.keys()].sort()) {
      if (overAllowance ? pendingRows > maxPending / 2 : monthEndMs(month) + FACTS_LAG_MS < loggedUpTo) await writeMonth(month);
    }
  };
  const fold = (key: string, caseRows: LogEventRow[]) => {
    const caseEvents: CaseEvent[] = new Array(caseRows.length);
    for (let i = 0; i < caseRows.length; i++) caseEvents[i] = logRowToCaseEvent(caseRows[i]);
    const c = foldCaseRow(key, caseEvents, config);
    for (const m of c.months) {
      let rows = pendingFacts.get(m.month);
      if (!rows) pendingFacts.set(m.month, (rows = []));
      rows.push(m);
    }
    pendingRows += c.months.length;
    // Its facts now wait in pendingFacts; the chunk writes the case and its oddities.
    chunk.push({ ...c, months: [] });
    folded.add(key);
  };
  const flush = async () => {
    if (chunk.length < perWrite) return;
    const rows = chunk;
    chunk = [];
    await write(() => insertCaseRows(db, rows));
  };

  let next = readLogPage(db, { tx: '0', seq: '0' }, head, limit);
  for (;;) {
    const rows = await next;
    if (rows.length === 0) break;
    const last = rows[rows.length - 1];
    // Read ahead while this page is folded (another connection on PostgreSQL).
    next = rows.length < limit ? Promise.resolve([]) : readLogPage(db, { tx: last.tx_id, seq: last.seq_no }, head, limit);
    for (const row of rows) {
      const key = row.case_key;
      if (folded.has(key)) {
        again.add(key);
        continue;
      }
      // Rows stay text until their case is folded: one string per event for the collector to
      // trace instead of a parsed object tree. jsonb's text output writes `"key": value`.
      let list = open.get(key);
      if (!list) open.set(key, (list = []));
      list.push(row);
      openEvents++;
      if (row.body.includes(CLOSURE)) {
        open.delete(key);
        openEvents -= list.length;
        fold(key, list);
      }
    }
    // Too many events of open cases in memory: fold the cases open longest (a Map iterates in
    // insertion order) until half of the allowance is left.
    if (openEvents > maxOpen) {
      for (const [key, list] of open) {
        if (openEvents <= maxOpen / 2) break;
        open.delete(key);
        openEvents -= list.length;
        fold(key, list);
      }
    }
    await flush();
    await writeMonths(Number(last.recorded_ms));
    events += rows.length;
    options.onProgress?.({ phase: 'fold', unit: 'events', done: events, total: total === undefined ? undefined : Math.max(total, events) });
  }
  for (const [key, list] of open) {
    fold(key, list);
    await flush();
    if (pendingRows > maxPending) await writeMonths(-Infinity);
  }
  open.clear();
  const rest = chunk;
  await write(() => insertCaseRows(db, rest));
  for (const month of [...pendingFacts.keys()].sort()) await writeMonth(month);
  await writing;
  // Events after a case's closure (late registrations, retractions): fold those cases again from
  // their whole streams, replacing the rows written at their closure.
  const keys = [...again];
  for (let i = 0; i < keys.length; i += perWrite) await db.transaction((tx) => refoldCases(tx, 'log', keys.slice(i, i + perWrite), config));
  return { events, cases: folded.size, checkpoint: sqlPosition(head.tx, head.seq) };
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
  return { events, cases: keys.length, checkpoint: from };
}
