/**
 * How a case's fold is stored, without any I/O: the rows of rm_cases and rm_case_facts a fold
 * becomes (`foldCaseRow`), their JSON encoding for one INSERT per table (`encodeCaseRows`), and
 * the stored forms read back (`decodeFact`, `decodeSpan`, `groupStoredFacts`). The SQL that
 * writes and reads them is in case-rows.ts.
 */
import { isoInstant } from '../../calendar/src';
import type { RecordedEvent } from '../../event-store/src';
import { foldCase, isLegalClock, type CaseDerivation, type CaseEvent, type Dims, type Fact, type ProjectionConfig, type Span } from '../../projections/src';

export function toCaseEvent(e: RecordedEvent): CaseEvent {
  return { id: e.id, type: e.type, organisation: e.organisation, caseId: e.caseId, occurredAt: e.occurredAt, recordedAt: e.recordedAt, data: e.data };
}

/**
 * A row of vt_events as the projections read it, every column as text (both drivers return text
 * as it is, which costs far less than their jsonb and timestamptz parsers): the stream, the record
 * time in ms since the epoch, the stored body.
 */
export interface LogEventRow {
  case_key: string;
  recorded_ms: string;
  body: string;
}

/** A vt_events row as a CaseEvent, with `recordedAt` to the millisecond as the store reports it. */
export function logRowToCaseEvent(r: LogEventRow): CaseEvent {
  const b = JSON.parse(r.body) as Omit<CaseEvent, 'recordedAt'>;
  return { id: b.id, type: b.type, organisation: b.organisation, caseId: b.caseId, occurredAt: b.occurredAt, recordedAt: isoInstant(Number(r.recorded_ms)), data: b.data };
}

/**
 * A case's row of rm_cases: what its events occurred when, its first closure (for as-of reports),
 * and its spans, stored compactly as a JSON array (see `encodeSpan`), with the range a stock
 * report finds them by and the latest deadline of its legal clocks (for the term alerts).
 */
export interface CaseRow {
  case_key: string;
  organisation: string;
  case_id: string;
  gemeente: string;
  first_at: string;
  last_at: string;
  closed_at: string | null;
  closed_recorded_at: string | null;
  retractions: boolean;
  /** First instant of its spans, and the end of the last one ('infinity' while one runs; null: no spans). */
  spans_from: string | null;
  open_until: string | null;
  /** The latest deadline of its legal clocks (null: none). */
  deadline_max: string | null;
  spans: EncodedSpan[];
  contacts: number[];
}

/** A case's facts of one month (a row of rm_case_facts): a flow report reads only its months' rows. */
export interface CaseFactsRow {
  case_key: string;
  organisation: string;
  /** The first day of the month (local dates, Europe/Amsterdam). */
  month: string;
  gemeente: string;
  facts: EncodedFact[];
}

/** A folded case: its rm_cases row, its facts per month and its lifecycle oddities (rm_quality rows). */
export interface FoldedCase {
  row: CaseRow;
  months: CaseFactsRow[];
  issues: { kind: string; eventId: string | null }[];
}

/**
 * A fact as stored: [key, date, dims as JSON text, tijdig (null: none), days (null: none)]. The
 * dims stay text so that a report groups equal facts by comparing strings and parses the dims of
 * each group once (a VTIJ quarter: 17,000 facts in 3,200 groups).
 */
export type EncodedFact = [string, string, string, boolean | null, number | null];
/** A span as stored: [kind, from, to, enteredAt, deadline, dims], instants in ms since the epoch. */
export type EncodedSpan = [Span['kind'], number, number | null, number, string | null, Dims];

export const encodeFact = (f: Fact): EncodedFact => [f.key, f.date, JSON.stringify(f.dims), f.tijdig ?? null, f.days ?? null];
export function decodeFact(f: EncodedFact, weight?: number): Fact {
  const fact: Fact = { key: f[0], date: f[1], dims: JSON.parse(f[2]) as Dims };
  if (f[3] !== null) fact.tijdig = f[3];
  if (f[4] !== null) fact.days = f[4];
  if (weight !== undefined) fact.weight = weight;
  return fact;
}

/**
 * The facts dated in [from, to] of stored case-month rows, equal ones as one fact with a weight
 * (what the report builders count; they give the same rows as for the facts one by one).
 */
export function groupStoredFacts(rows: readonly { facts: EncodedFact[] | string }[], from: string, to: string): Fact[] {
  const groups = new Map<string, { fact: EncodedFact; weight: number }>();
  for (const r of rows) {
    const facts = jsonColumn(r.facts);
    for (const f of facts) {
      if (f[1] < from || f[1] > to) continue;
      const id = `${f[0]}\u0000${f[2]}\u0000${f[3]}\u0000${f[4]}`;
      const group = groups.get(id);
      if (group) group.weight++;
      else groups.set(id, { fact: f, weight: 1 });
    }
  }
  return [...groups.values()].map((g) => decodeFact(g.fact, g.weight));
}
export const encodeSpan = (s: Span): EncodedSpan => [s.kind, s.from, s.to, s.enteredAt, s.deadline, s.dims];
export function decodeSpan(s: EncodedSpan, caseId: string, contacts: number[]): Span {
  return { kind: s[0], caseId, from: s[1], to: s[2], enteredAt: s[3], deadline: s[4], dims: s[5], contacts };
}

/** A json column as the driver returns it: pg parses json itself, other clients may give the text. */
export function jsonColumn<T>(value: T | string): T {
  return typeof value === 'string' ? (JSON.parse(value) as T) : value;
}

/** Folds a case's events (retracted ones included: they matter to as-of reports) into its rows. */
export function foldCaseRow(caseKey: string, events: readonly CaseEvent[], config: ProjectionConfig): FoldedCase {
  const d = foldCase(events, config);
  const row = caseRowOf(caseKey, events, d);
  return { row, months: factsByMonth(row, d.facts), issues: d.issues.map((i) => ({ kind: i.kind, eventId: i.eventId ?? null })) };
}

function factsByMonth(row: CaseRow, facts: readonly Fact[]): CaseFactsRow[] {
  const months: CaseFactsRow[] = [];
  for (const f of facts) {
    const month = `${f.date.slice(0, 7)}-01`;
    let m: CaseFactsRow | undefined;
    for (const x of months) if (x.month === month) m = x;
    if (!m) months.push((m = { case_key: row.case_key, organisation: row.organisation, month, gemeente: row.gemeente, facts: [] }));
    m.facts.push(encodeFact(f));
  }
  return months;
}

export function caseRowOf(caseKey: string, events: readonly CaseEvent[], d: CaseDerivation): CaseRow {
  let firstAt = Infinity;
  let lastAt = -Infinity;
  let closedAt: number | null = null;
  let closedRecordedAt: string | null = null;
  let retractions = false;
  for (const e of events) {
    const at = Date.parse(e.occurredAt);
    if (at < firstAt) firstAt = at;
    if (at > lastAt) lastAt = at;
    if (e.type === 'RegistratieIngetrokken') retractions = true;
    else if (e.type === 'ZaakAfgesloten' && (closedAt === null || at < closedAt)) {
      closedAt = at;
      closedRecordedAt = e.recordedAt;
    }
  }
  let spansFrom = Infinity;
  let openUntil = -Infinity;
  let deadlineMax: string | null = null;
  const spans: EncodedSpan[] = new Array(d.spans.length);
  for (let i = 0; i < d.spans.length; i++) {
    const s = d.spans[i];
    if (s.from < spansFrom) spansFrom = s.from;
    const end = s.to ?? Infinity;
    if (end > openUntil) openUntil = end;
    if (isLegalClock(s) && (deadlineMax === null || s.deadline! > deadlineMax)) deadlineMax = s.deadline;
    spans[i] = encodeSpan(s);
  }
  const hasSpans = d.spans.length > 0;
  return {
    case_key: caseKey,
    organisation: events[0].organisation,
    case_id: d.caseId,
    gemeente: String((d.facts[0] ?? d.spans[0])?.dims.gemeente ?? 'onbekend'),
    first_at: isoInstant(storable(firstAt)),
    last_at: isoInstant(storable(lastAt)),
    closed_at: closedAt === null ? null : isoInstant(storable(closedAt)),
    closed_recorded_at: closedRecordedAt,
    retractions,
    spans_from: hasSpans ? isoInstant(storable(spansFrom)) : null,
    open_until: hasSpans ? (openUntil === Infinity ? 'infinity' : isoInstant(storable(openUntil))) : null,
    deadline_max: deadlineMax,
    spans,
    contacts: d.spans[0]?.contacts ?? [],
  };
}

/**
 * An event's instant as a timestamptz column takes it: years 1–9999 (`isoInstant` writes year
 * 10000 as `+010000`, which PostgreSQL refuses). Only an event stored before validation refused
 * such dates gets here, and its case is `niet_verwerkbaar` anyway; its row must still be writable,
 * or it would stop the projections of every organisation.
 */
const FIRST_STORABLE = Date.parse('0001-01-01T00:00:00Z');
const LAST_STORABLE = Date.parse('9999-12-31T00:00:00Z');
const storable = (ms: number) => Math.min(Math.max(ms, FIRST_STORABLE), LAST_STORABLE);

/** The JSON parameters of `insertCaseRows`: the case rows, and the facts and quality rows when there are any. */
export function encodeCaseRows(folded: readonly FoldedCase[]): { cases: string; facts?: string; quality?: string } {
  const rows: CaseRow[] = new Array(folded.length);
  const months: CaseFactsRow[] = [];
  const q: object[] = [];
  for (let i = 0; i < folded.length; i++) {
    const { row: r, months: m, issues } = folded[i];
    rows[i] = r;
    for (const x of m) months.push(x);
    for (const issue of issues) q.push({ case_key: r.case_key, organisation: r.organisation, case_id: r.case_id, kind: issue.kind, event_id: issue.eventId });
  }
  return {
    cases: JSON.stringify(rows),
    ...(months.length > 0 ? { facts: JSON.stringify(months) } : {}),
    ...(q.length > 0 ? { quality: JSON.stringify(q) } : {}),
  };
}
