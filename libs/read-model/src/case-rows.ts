/** The SQL of a case's rows: its events read by case, its rows replaced by a fresh fold (the rows themselves: case-row-codec.ts). */
import type { RecordedEvent, SqlExecutor } from '../../event-store/src';
import { streamIdOf } from '../../event-store/src';
import type { CaseEvent, ProjectionConfig } from '../../projections/src';
import { encodeCaseRows, foldCaseRow, logRowToCaseEvent, toCaseEvent, type CaseFactsRow, type FoldedCase, type LogEventRow } from './case-row-codec';
import { DERIVED_TABLES, type CaseEventSource } from './schema';

/** Copies events into rm_case_events (`copy` source only); an event already there is left as it is. */
export async function insertCaseEvents(tx: SqlExecutor, events: readonly RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `INSERT INTO rm_case_events (event_id, case_key, organisation, occurred_at, recorded_at, body)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::jsonb[])
     ON CONFLICT (event_id) DO NOTHING`,
    [
      events.map((e) => e.id),
      events.map((e) => streamIdOf(e.organisation, e.caseId)),
      events.map((e) => e.organisation),
      events.map((e) => e.occurredAt),
      events.map((e) => e.recordedAt),
      events.map((e) => JSON.stringify(toCaseEvent(e))),
    ],
  );
}

/** The columns of `LogEventRow` in a SELECT from vt_events (record time truncated to the ms, as the store reports it). */
export const LOG_EVENT_COLUMNS = `stream_id AS case_key, floor(extract(epoch FROM recorded_at) * 1000)::int8::text AS recorded_ms, body::text AS body`;

/**
 * The events of the given cases, grouped by case (optionally only those recorded by `asOf`, to the
 * millisecond): from vt_events by stream (`log`) or from rm_case_events (`copy`).
 */
export async function loadCaseEvents(db: SqlExecutor, source: CaseEventSource, caseKeys: readonly string[], asOf?: string): Promise<Map<string, CaseEvent[]>> {
  const byCase = new Map<string, CaseEvent[]>();
  if (caseKeys.length === 0) return byCase;
  const add = (key: string, e: CaseEvent) => {
    let list = byCase.get(key);
    if (!list) byCase.set(key, (list = []));
    list.push(e);
  };
  const params = asOf ? [caseKeys, asOf] : [caseKeys];
  if (source === 'log') {
    const rows = await db.query<LogEventRow>(
      `SELECT ${LOG_EVENT_COLUMNS} FROM vt_events WHERE stream_id = ANY($1::text[])${asOf ? ` AND date_trunc('milliseconds', recorded_at) <= $2::timestamptz` : ''}`,
      params,
    );
    for (const r of rows) add(r.case_key, logRowToCaseEvent(r));
  } else {
    const rows = await db.query<{ case_key: string; body: string }>(
      `SELECT case_key, body::text AS body FROM rm_case_events WHERE case_key = ANY($1::text[])${asOf ? ' AND recorded_at <= $2::timestamptz' : ''}`,
      params,
    );
    for (const r of rows) add(r.case_key, JSON.parse(r.body) as CaseEvent);
  }
  return byCase;
}

/** Replaces the rows (case, facts and quality) of the given cases by a fresh fold of their events. */
export async function refoldCases(tx: SqlExecutor, source: CaseEventSource, caseKeys: readonly string[], config: ProjectionConfig): Promise<void> {
  if (caseKeys.length === 0) return;
  const byCase = await loadCaseEvents(tx, source, caseKeys);
  const rows = [...byCase].map(([key, events]) => foldCaseRow(key, events, config));
  for (const table of DERIVED_TABLES) await tx.query(`DELETE FROM ${table} WHERE case_key = ANY($1::text[])`, [caseKeys]);
  await insertCaseRows(tx, rows);
}

/** The columns of rm_cases and rm_case_facts in the order `insertCaseRows` writes them. */
const CASE_COLUMNS =
  'case_key text, organisation text, case_id text, gemeente text, first_at timestamptz, last_at timestamptz, closed_at timestamptz, closed_recorded_at timestamptz, retractions boolean, spans_from timestamptz, open_until timestamptz, deadline_max date, spans json, contacts json';
const FACTS_COLUMNS = 'case_key text, organisation text, month date, gemeente text, facts json';

/**
 * Inserts the rows of folded cases, one statement per table with the rows as one JSON parameter
 * (`json_to_recordset`: the server parses one JSON text; facts, spans and contacts stay JSON).
 */
export async function insertCaseRows(tx: SqlExecutor, folded: readonly FoldedCase[]): Promise<void> {
  if (folded.length === 0) return;
  const { cases, facts, quality } = encodeCaseRows(folded);
  await tx.query(`INSERT INTO rm_cases SELECT * FROM json_to_recordset($1::json) AS x(${CASE_COLUMNS})`, [cases]);
  if (facts !== undefined) await tx.query(`INSERT INTO rm_case_facts SELECT * FROM json_to_recordset($1::json) AS x(${FACTS_COLUMNS})`, [facts]);
  if (quality !== undefined) {
    await tx.query(
      `INSERT INTO rm_quality (case_key, organisation, case_id, kind, event_id)
       SELECT * FROM json_to_recordset($1::json) AS x(case_key text, organisation text, case_id text, kind text, event_id text)`,
      [quality],
    );
  }
}

/** Inserts rows of rm_case_facts (a rebuild writes a month's rows together). */
export async function insertFactRows(tx: SqlExecutor, rows: readonly CaseFactsRow[]): Promise<void> {
  if (rows.length > 0) await tx.query(`INSERT INTO rm_case_facts SELECT * FROM json_to_recordset($1::json) AS x(${FACTS_COLUMNS})`, [JSON.stringify(rows)]);
}
