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
 * Inserts the rows of folded cases: one multi-row INSERT per table, its columns as arrays
 * (`unnest`), so a chunk of cases costs four statements.
 */
export async function insertCaseRows(tx: SqlExecutor, cases: readonly CaseRows[]): Promise<void> {
  const c: unknown[][] = [[], [], [], [], [], [], []];
  const f: unknown[][] = [[], [], [], [], [], [], [], []];
  const s: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  const q: unknown[][] = [[], [], [], [], []];
  for (const { summary: k, derivation: d } of cases) {
    c[0].push(k.caseKey);
    c[1].push(k.organisation);
    c[2].push(iso(k.firstAt));
    c[3].push(iso(k.lastAt));
    c[4].push(iso(k.closedAt));
    c[5].push(iso(k.closedRecordedAt));
    c[6].push(k.retractions);
    const caseKey = k.caseKey;
    for (const fact of d.facts) {
      const dims = JSON.stringify(fact.dims);
      f[0].push(caseKey);
      f[1].push(d.organisation);
      f[2].push(fact.key);
      f[3].push(fact.date);
      f[4].push(String(fact.dims.gemeente));
      f[5].push(dims);
      f[6].push(fact.tijdig ?? null);
      f[7].push(fact.days ?? null);
    }
    for (const span of d.spans) {
      s[0].push(caseKey);
      s[1].push(d.organisation);
      s[2].push(d.caseId);
      s[3].push(span.kind);
      s[4].push(`[${new Date(span.from).toISOString()},${span.to === null ? '' : new Date(span.to).toISOString()})`);
      s[5].push(new Date(span.enteredAt).toISOString());
      s[6].push(span.deadline);
      s[7].push(String(span.dims.gemeente));
      s[8].push(JSON.stringify(span.dims));
      s[9].push(JSON.stringify(span.contacts));
    }
    for (const issue of d.issues) [caseKey, d.organisation, d.caseId, issue.kind, issue.eventId ?? null].forEach((v, i) => q[i].push(v));
  }
  if (c[0].length > 0) {
    await tx.query(
      `INSERT INTO rm_cases (case_key, organisation, first_at, last_at, closed_at, closed_recorded_at, retractions)
       SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[], $4::timestamptz[], $5::timestamptz[], $6::timestamptz[], $7::boolean[])`,
      c,
    );
  }
  if (f[0].length > 0) {
    await tx.query(
      `INSERT INTO rm_facts (case_key, organisation, key, date, gemeente, dims, tijdig, days)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::date[], $5::text[], $6::jsonb[], $7::boolean[], $8::int[])`,
      f,
    );
  }
  if (s[0].length > 0) {
    await tx.query(
      `INSERT INTO rm_spans (case_key, organisation, case_id, kind, during, entered_at, deadline, gemeente, dims, contacts)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::tstzrange[], $6::timestamptz[], $7::date[], $8::text[], $9::jsonb[], $10::jsonb[])`,
      s,
    );
  }
  if (q[0].length > 0) {
    await tx.query(`INSERT INTO rm_quality (case_key, organisation, case_id, kind, event_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`, q);
  }
}
