import type { RecordedEvent, SqlExecutor } from '../../event-store/src';
import { streamIdOf } from '../../event-store/src';
import { foldCase, type CaseDerivation, type CaseEvent, type ProjectionConfig } from '../../projections/src';
import type { CaseEventSource } from './schema';

export function toCaseEvent(e: RecordedEvent): CaseEvent {
  return { id: e.id, type: e.type, organisation: e.organisation, caseId: e.caseId, occurredAt: e.occurredAt, recordedAt: e.recordedAt, data: e.data };
}

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

/** A row of vt_events as the projections read it: the stored body, the record time beside it. */
export interface LogEventRow {
  case_key: string;
  recorded_at: Date | string;
  body: Omit<CaseEvent, 'recordedAt'> | string;
}

/** The columns of `LogEventRow` in a SELECT from vt_events. */
export const LOG_EVENT_COLUMNS = 'stream_id AS case_key, recorded_at, body';

/** A vt_events row as a CaseEvent, with `recordedAt` to the millisecond as the store reports it. */
export function logRowToCaseEvent(r: LogEventRow): CaseEvent {
  const b = typeof r.body === 'string' ? (JSON.parse(r.body) as Omit<CaseEvent, 'recordedAt'>) : r.body;
  const recordedAt = (r.recorded_at instanceof Date ? r.recorded_at : new Date(r.recorded_at)).toISOString();
  return { id: b.id, type: b.type, organisation: b.organisation, caseId: b.caseId, occurredAt: b.occurredAt, recordedAt, data: b.data };
}

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
    const rows = await db.query<{ case_key: string; body: CaseEvent | string }>(
      `SELECT case_key, body FROM rm_case_events WHERE case_key = ANY($1::text[])${asOf ? ' AND recorded_at <= $2::timestamptz' : ''}`,
      params,
    );
    for (const r of rows) add(r.case_key, typeof r.body === 'string' ? (JSON.parse(r.body) as CaseEvent) : r.body);
  }
  return byCase;
}

/** What rm_cases keeps of a case: the span of its events' business times and its first closure. */
export interface CaseSummary {
  caseKey: string;
  organisation: string;
  firstAt: number;
  lastAt: number;
  closedAt: number | null;
  closedRecordedAt: number | null;
  retractions: boolean;
}

/** The rm_cases row of a case from all its events (retracted ones included: an as-of report may still see them). */
export function summariseCase(caseKey: string, events: readonly CaseEvent[]): CaseSummary {
  const s: CaseSummary = { caseKey, organisation: events[0].organisation, firstAt: Infinity, lastAt: -Infinity, closedAt: null, closedRecordedAt: null, retractions: false };
  for (const e of events) {
    const at = Date.parse(e.occurredAt);
    if (at < s.firstAt) s.firstAt = at;
    if (at > s.lastAt) s.lastAt = at;
    if (e.type === 'RegistratieIngetrokken') s.retractions = true;
    else if (e.type === 'ZaakAfgesloten' && (s.closedAt === null || at < s.closedAt)) {
      s.closedAt = at;
      s.closedRecordedAt = Date.parse(e.recordedAt);
    }
  }
  return s;
}

/** A case's fold and its rm_cases row: what a rebuild or a refold writes. */
export interface CaseRows {
  summary: CaseSummary;
  derivation: CaseDerivation;
}

export function foldCaseRows(caseKey: string, events: readonly CaseEvent[], config: ProjectionConfig): CaseRows {
  return { summary: summariseCase(caseKey, events), derivation: foldCase(events, config) };
}

/** Replaces the derived rows (cases, facts, spans, quality) of the given cases by a fresh fold of their events. */
export async function refoldCases(tx: SqlExecutor, source: CaseEventSource, caseKeys: readonly string[], config: ProjectionConfig): Promise<void> {
  if (caseKeys.length === 0) return;
  const byCase = await loadCaseEvents(tx, source, caseKeys);
  const rows = [...byCase].map(([key, events]) => foldCaseRows(key, events, config));
  for (const table of ['rm_cases', 'rm_facts', 'rm_spans', 'rm_quality']) await tx.query(`DELETE FROM ${table} WHERE case_key = ANY($1::text[])`, [caseKeys]);
  await insertCaseRows(tx, rows);
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Inserts the rows of folded cases: one statement per table, its rows as one JSON parameter
 * (`json_to_recordset`). Measured against one array parameter per column (`unnest`) for 500,000
 * facts: 3.3–5.5 s against 7.5–9.0 s (the server parses one JSON text instead of 8 array literals).
 */
export async function insertCaseRows(tx: SqlExecutor, cases: readonly CaseRows[]): Promise<void> {
  const c: object[] = [];
  const f: object[] = [];
  const s: object[] = [];
  const q: object[] = [];
  for (const { summary: k, derivation: d } of cases) {
    const case_key = k.caseKey;
    const organisation = d.organisation;
    c.push({ case_key, organisation: k.organisation, first_at: iso(k.firstAt), last_at: iso(k.lastAt), closed_at: iso(k.closedAt), closed_recorded_at: iso(k.closedRecordedAt), retractions: k.retractions });
    for (const fact of d.facts) {
      f.push({ case_key, organisation, key: fact.key, date: fact.date, gemeente: String(fact.dims.gemeente), dims: fact.dims, tijdig: fact.tijdig ?? null, days: fact.days ?? null });
    }
    for (const span of d.spans) {
      s.push({
        case_key,
        organisation,
        case_id: d.caseId,
        kind: span.kind,
        during: `[${new Date(span.from).toISOString()},${span.to === null ? '' : new Date(span.to).toISOString()})`,
        entered_at: new Date(span.enteredAt).toISOString(),
        deadline: span.deadline,
        gemeente: String(span.dims.gemeente),
        dims: span.dims,
        contacts: span.contacts,
      });
    }
    for (const issue of d.issues) q.push({ case_key, organisation, case_id: d.caseId, kind: issue.kind, event_id: issue.eventId ?? null });
  }
  if (c.length > 0) {
    await tx.query(
      `INSERT INTO rm_cases (case_key, organisation, first_at, last_at, closed_at, closed_recorded_at, retractions)
       SELECT * FROM json_to_recordset($1::json) AS x(case_key text, organisation text, first_at timestamptz, last_at timestamptz, closed_at timestamptz, closed_recorded_at timestamptz, retractions boolean)`,
      [JSON.stringify(c)],
    );
  }
  if (f.length > 0) {
    await tx.query(
      `INSERT INTO rm_facts (case_key, organisation, key, date, gemeente, dims, tijdig, days)
       SELECT * FROM json_to_recordset($1::json) AS x(case_key text, organisation text, key text, date date, gemeente text, dims jsonb, tijdig boolean, days integer)`,
      [JSON.stringify(f)],
    );
  }
  if (s.length > 0) {
    await tx.query(
      `INSERT INTO rm_spans (case_key, organisation, case_id, kind, during, entered_at, deadline, gemeente, dims, contacts)
       SELECT * FROM json_to_recordset($1::json) AS x(case_key text, organisation text, case_id text, kind text, during tstzrange, entered_at timestamptz, deadline date, gemeente text, dims jsonb, contacts jsonb)`,
      [JSON.stringify(s)],
    );
  }
  if (q.length > 0) {
    await tx.query(
      `INSERT INTO rm_quality (case_key, organisation, case_id, kind, event_id)
       SELECT * FROM json_to_recordset($1::json) AS x(case_key text, organisation text, case_id text, kind text, event_id text)`,
      [JSON.stringify(q)],
    );
  }
}
