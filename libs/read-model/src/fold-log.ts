import { setImmediate } from 'node:timers/promises';
import type { SqlClient } from '../../event-store/src';
import type { CaseEvent, ProjectionConfig } from '../../projections/src';
import { foldCaseRow, logRowToCaseEvent, type CaseFactsRow, type FoldedCase, type LogEventRow } from './case-row-codec';
import { insertCaseRows, insertFactRows, LOG_EVENT_COLUMNS } from './case-rows';

/** A place in the log's global order, as text (tx is an xid8, seq a bigint). */
export interface LogPlace {
  tx: string;
  seq: string;
}

/** One of `of` disjoint shares of the log's cases (by a hash of the case key), for a worker each. */
export interface LogPartition {
  index: number;
  of: number;
}

export interface FoldLogOptions {
  /** The last event to fold: the rebuild's checkpoint. */
  head: LogPlace;
  /** Only the cases of this share (default: all). */
  partition?: LogPartition;
  /** Events per read of the log (default 20,000). */
  pageSize?: number;
  /** Folded cases per write (default 2,000). */
  casesPerWrite?: number;
  /** Events of open cases kept in memory (this share's part of the rebuild's allowance, see rebuild-allowances.ts). */
  maxOpenEvents: number;
  /** Case-month rows of facts held back (likewise). */
  maxPendingFacts: number;
  /** After each page: the events read so far. */
  onEvents?(done: number): void;
}

export interface FoldLogResult {
  events: number;
  cases: number;
  /** Cases that got events after they were folded: to be folded again from their streams. */
  again: string[];
}

interface LogPageRow extends LogEventRow {
  tx_id: string;
  seq_no: string;
  /** A ZaakAfgesloten: its case can be folded. */
  closes: boolean;
}

/** A page of the log: the events of the cases asked for, and the last event read when the page was full (else it was the last page). */
interface LogPage {
  rows: LogPageRow[];
  end?: LogPageRow;
}

/**
 * The next `limit` events of the log's global order after `after`, up to and including `until`:
 * those of one share of the cases when a partition is given.
 */
async function readLogPage(db: SqlClient, after: LogPlace, until: LogPlace, limit: number, partition?: LogPartition): Promise<LogPage> {
  // Aliases must not be `tx`/`seq`: ORDER BY would then sort the text aliases, not the columns.
  // Whether the event closes its case: asked of the server (a key lookup in the jsonb) rather than
  // searched for in the text of every body here.
  const columns = `tx::text AS tx_id, seq::text AS seq_no, ${LOG_EVENT_COLUMNS}, body->>'type' = 'ZaakAfgesloten' AS closes`;
  const range = `FROM vt_events WHERE (tx, seq) > ($1::xid8, $2::bigint) AND (tx, seq) <= ($3::xid8, $4::bigint) ORDER BY vt_events.tx, vt_events.seq LIMIT $5`;
  const params = [after.tx, after.seq, until.tx, until.seq, limit];
  if (!partition) {
    const rows = await db.query<LogPageRow>(`SELECT ${columns} ${range}`, params);
    return { rows, end: rows.length === limit ? rows[rows.length - 1] : undefined };
  }
  // The page is read along the index as above and only then filtered on the share (hashtext:
  // PostgreSQL's own string hash, & keeps it non-negative), with the page's last event marked (n
  // numbers the page in the global order; the window runs on the index scan, no sort): filtered in
  // one query, the planner would expect few rows and scan and sort the whole table for every page.
  const rows = await db.query<LogPageRow & { mine: boolean; last: boolean }>(
    `SELECT ${columns}, mine, n = $5 AS last FROM (
       SELECT *, (hashtext(stream_id) & 2147483647) % $6 = $7 AS mine, row_number() OVER (ORDER BY tx, seq) AS n
       FROM (SELECT tx, seq, stream_id, recorded_at, body ${range}) AS page
     ) AS p WHERE mine OR n = $5`,
    [...params, partition.of, partition.index],
  );
  return { rows: rows.filter((r) => r.mine), end: rows.find((r) => r.last) };
}

/** How long after a month's end (in the log's record time) its facts are held back for the month's later ones. */
const FACTS_LAG_MS = 62 * 86_400_000;
const FACT_ROWS_PER_WRITE = 5_000;
/** The end of a month `YYYY-MM-01` (UTC: the lag dwarfs the hour of difference). */
const monthEndMs = (month: string) => Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 1);

/**
 * Folds the log (or one share of its cases) up to `head` into empty read-model tables, reading it
 * once in its global order (the order it lies in on disk). Each case's events stay in memory, as
 * text, until its closure arrives; the case is then folded and its row written. The cases still
 * open at the end are folded then. A case that gets an event after it was folded (a late
 * registration, a retraction, or more events of a case folded early to save memory) is returned
 * in `again`: its rows are incomplete until the caller folds it again from its stream, once the
 * tables have their indexes (else each refold's DELETE scans the whole table). While a page is
 * folded the next is read and the previous rows written (other connections on PostgreSQL).
 */
export async function foldLog(db: SqlClient, config: ProjectionConfig, options: FoldLogOptions): Promise<FoldLogResult> {
  const { head, partition } = options;
  const limit = options.pageSize ?? 20_000;
  const perWrite = options.casesPerWrite ?? 2_000;

  // Cases whose closure has not arrived yet, with their events so far; cases folded and written;
  // folded cases that got another event (returned, to be folded again from their streams).
  const open = new Map<string, LogEventRow[]>();
  const folded = new Set<string>();
  const again = new Set<string>();
  const maxOpen = options.maxOpenEvents;
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
  const maxPending = options.maxPendingFacts;
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

  let next: Promise<LogPage> | undefined = readLogPage(db, { tx: '0', seq: '0' }, head, limit, partition);
  while (next) {
    const page: LogPage = await next;
    const { rows, end } = page;
    // Read ahead while this page is folded (another connection on PostgreSQL).
    next = end ? readLogPage(db, { tx: end.tx_id, seq: end.seq_no }, head, limit, partition) : undefined;
    next?.catch(() => undefined); // awaited (and thrown) on the next turn
    for (const row of rows) {
      const key = row.case_key;
      if (folded.has(key)) {
        again.add(key);
        continue;
      }
      // Rows stay text until their case is folded: one string per event for the collector to
      // trace instead of a parsed object tree.
      let list = open.get(key);
      if (!list) open.set(key, (list = []));
      list.push(row);
      openEvents++;
      if (row.closes) {
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
    const last = end ?? rows[rows.length - 1];
    if (last) await writeMonths(Number(last.recorded_ms));
    events += rows.length;
    options.onEvents?.(events);
    // A turn for the event loop: on the embedded store (PGlite, in this thread) the rebuild's
    // queries resolve without one, and `serve` would neither listen nor see a signal until the end.
    await setImmediate();
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
  return { events, cases: folded.size, again: [...again] };
}
