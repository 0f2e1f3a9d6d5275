import type { RecordedEvent, SqlExecutor } from '../../event-store/src';
import { streamIdOf } from '../../event-store/src';
import { foldCase, type CaseDerivation, type CaseEvent, type ProjectionConfig } from '../../projections/src';

export function toCaseEvent(e: RecordedEvent): CaseEvent {
  return { id: e.id, type: e.type, organisation: e.organisation, caseId: e.caseId, occurredAt: e.occurredAt, recordedAt: e.recordedAt, data: e.data };
}

/** Copies events into rm_case_events; an event already there is left as it is. */
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

/** The events of the given cases from rm_case_events, grouped by case (optionally only those recorded by `asOf`). */
export async function loadCaseEvents(db: SqlExecutor, caseKeys: readonly string[], asOf?: string): Promise<Map<string, CaseEvent[]>> {
  const byCase = new Map<string, CaseEvent[]>();
  if (caseKeys.length === 0) return byCase;
  const rows = await db.query<{ case_key: string; body: CaseEvent | string }>(
    `SELECT case_key, body FROM rm_case_events WHERE case_key = ANY($1::text[])${asOf ? ' AND recorded_at <= $2::timestamptz' : ''}`,
    asOf ? [caseKeys, asOf] : [caseKeys],
  );
  for (const r of rows) {
    const body = typeof r.body === 'string' ? (JSON.parse(r.body) as CaseEvent) : r.body;
    let list = byCase.get(r.case_key);
    if (!list) byCase.set(r.case_key, (list = []));
    list.push(body);
  }
  return byCase;
}

/** Replaces the derived rows (facts, spans, quality) of the given cases by a fresh fold of their events. */
export async function refoldCases(tx: SqlExecutor, caseKeys: readonly string[], config: ProjectionConfig): Promise<void> {
  if (caseKeys.length === 0) return;
  const byCase = await loadCaseEvents(tx, caseKeys);
  const derivations = [...byCase.values()].map((events) => foldCase(events, config));
  for (const table of ['rm_facts', 'rm_spans', 'rm_quality']) await tx.query(`DELETE FROM ${table} WHERE case_key = ANY($1::text[])`, [caseKeys]);
  await insertDerivations(tx, derivations);
}

export async function insertDerivations(tx: SqlExecutor, derivations: readonly CaseDerivation[]): Promise<void> {
  const f: unknown[][] = [[], [], [], [], [], [], [], []];
  const s: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  const q: unknown[][] = [[], [], [], [], []];
  for (const d of derivations) {
    const caseKey = streamIdOf(d.organisation, d.caseId);
    for (const fact of d.facts) {
      [caseKey, d.organisation, fact.key, fact.date, String(fact.dims.gemeente), JSON.stringify(fact.dims), fact.tijdig ?? null, fact.days ?? null].forEach((v, i) => f[i].push(v));
    }
    for (const span of d.spans) {
      const during = `[${new Date(span.from).toISOString()},${span.to === null ? '' : new Date(span.to).toISOString()})`;
      [caseKey, d.organisation, d.caseId, span.kind, during, new Date(span.enteredAt).toISOString(), span.deadline, String(span.dims.gemeente), JSON.stringify(span.dims), JSON.stringify(span.contacts)].forEach((v, i) => s[i].push(v));
    }
    for (const issue of d.issues) [caseKey, d.organisation, d.caseId, issue.kind, issue.eventId ?? null].forEach((v, i) => q[i].push(v));
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
