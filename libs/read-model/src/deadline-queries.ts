import type { SqlExecutor } from '../../event-store/src';
import { streamIdOf } from '../../event-store/src';
import type { TermClock } from '../../alerts/src';
import { isLegalClock } from '../../projections/src';
import { jsonColumn, type EncodedSpan } from './case-row-codec';

/**
 * A term's legal clock from a case's stored spans (kind `klok`): veiligheidsbeoordeling, triage and
 * eerste contact, and a dienst's `vanaf_triage` clock (the same clocks as the over-term cases list).
 * `from`/`to` in ms since the epoch; `to` is null while it runs.
 */
export type LegalClock = TermClock;

interface CaseSpansRow {
  organisation: string;
  case_id: string;
  spans: EncodedSpan[] | string;
}

function legalClocksOf(r: CaseSpansRow): LegalClock[] {
  const spans = jsonColumn(r.spans);
  const clocks: LegalClock[] = [];
  for (const [kind, from, to, , deadline, dims] of spans) {
    if (!isLegalClock({ kind, deadline, dims })) continue;
    clocks.push({ organisation: r.organisation, caseId: r.case_id, termijn: String(dims.termijn), deadline: deadline!, from, to });
  }
  return clocks;
}

/**
 * The legal clocks of every organisation with a deadline in [deadlineFrom, deadlineTo] that still
 * ran at or after `runningAfter` (an ISO instant). The cases come from rm_cases_deadline (cases
 * whose latest legal deadline is not before the window, so old cases cost nothing).
 * What the term alerts plan from.
 */
export async function legalClocksWithDeadlines(db: SqlExecutor, range: { deadlineFrom: string; deadlineTo: string; runningAfter: string }): Promise<LegalClock[]> {
  const rows = await db.query<CaseSpansRow>(
    `SELECT organisation, case_id, spans FROM rm_cases WHERE deadline_max >= $1::date AND open_until > $2::timestamptz`,
    [range.deadlineFrom, range.runningAfter],
  );
  const after = Date.parse(range.runningAfter);
  return rows
    .flatMap(legalClocksOf)
    .filter((c) => c.deadline >= range.deadlineFrom && c.deadline <= range.deadlineTo && (c.to === null || c.to > after))
    .sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : a.organisation < b.organisation ? -1 : a.organisation > b.organisation ? 1 : a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}

/**
 * The legal clock of one case and term as the read models hold it now, or null (never started, or
 * the case erased). A case can hold two: a dienst it was sent to, then not (its clock ended without
 * a stop), then sent to again. The one with `deadline` when there is one (the clock an alert was
 * planned for), else the latest.
 */
export async function legalClockOf(db: SqlExecutor, organisation: string, caseId: string, termijn: string, deadline?: string): Promise<LegalClock | null> {
  const rows = await db.query<CaseSpansRow>(`SELECT organisation, case_id, spans FROM rm_cases WHERE case_key = $1`, [streamIdOf(organisation, caseId)]);
  const clocks = rows.flatMap(legalClocksOf).filter((c) => c.termijn === termijn);
  clocks.sort((a, b) => b.from - a.from);
  return clocks.find((c) => c.deadline === deadline) ?? clocks[0] ?? null;
}

/** The legal clocks of the given cases (by stream id) as the read models hold them now; an erased case has none. */
export async function legalClocksOfCases(db: SqlExecutor, caseKeys: readonly string[]): Promise<LegalClock[]> {
  if (caseKeys.length === 0) return [];
  const rows = await db.query<CaseSpansRow>(`SELECT organisation, case_id, spans FROM rm_cases WHERE case_key = ANY($1::text[])`, [caseKeys]);
  return rows.flatMap(legalClocksOf);
}
