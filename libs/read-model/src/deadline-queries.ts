import type { SqlExecutor } from '../../event-store/src';
import { streamIdOf } from '../../event-store/src';

/**
 * A term's legal clock from `rm_spans` (kind `klok`): veiligheidsbeoordeling, triage and eerste
 * contact, and a dienst's `vanaf_triage` clock (the same clocks as the over-term cases list).
 * `from`/`to` in ms since the epoch; `to` is null while it runs.
 */
export interface LegalClock {
  organisation: string;
  caseId: string;
  termijn: string;
  deadline: string;
  from: number;
  to: number | null;
}

const LEGAL_CLOCK = `kind = 'klok' AND deadline IS NOT NULL AND (dims->>'klok' IS NULL OR dims->>'klok' = 'vanaf_triage')`;

interface ClockRow {
  organisation: string;
  case_id: string;
  termijn: string;
  deadline: string;
  from_ts: Date | string;
  to_ts: Date | string | null;
}

function toClock(r: ClockRow): LegalClock {
  return {
    organisation: r.organisation,
    caseId: r.case_id,
    termijn: r.termijn,
    deadline: String(r.deadline),
    from: new Date(r.from_ts).getTime(),
    to: r.to_ts === null ? null : new Date(r.to_ts).getTime(),
  };
}

const SELECT = `SELECT organisation, case_id, dims->>'termijn' AS termijn, deadline::text AS deadline, lower(during) AS from_ts, upper(during) AS to_ts FROM rm_spans`;

/**
 * The legal clocks of every organisation with a deadline in [deadlineFrom, deadlineTo] that still
 * ran at or after `runningAfter` (an ISO instant; the gist index on `during` finds them, so old
 * closed clocks cost nothing). What the term alerts plan from.
 */
export async function legalClocksWithDeadlines(db: SqlExecutor, range: { deadlineFrom: string; deadlineTo: string; runningAfter: string }): Promise<LegalClock[]> {
  const rows = await db.query<ClockRow>(
    `${SELECT} WHERE during && tstzrange($3::timestamptz, NULL) AND ${LEGAL_CLOCK} AND deadline BETWEEN $1::date AND $2::date ORDER BY deadline, organisation, case_id`,
    [range.deadlineFrom, range.deadlineTo, range.runningAfter],
  );
  return rows.map(toClock);
}

/** The legal clock of one case and term as the read models hold it now, or null (never started, or the case erased). */
export async function legalClockOf(db: SqlExecutor, organisation: string, caseId: string, termijn: string): Promise<LegalClock | null> {
  const rows = await db.query<ClockRow>(`${SELECT} WHERE case_key = $1 AND ${LEGAL_CLOCK} AND dims->>'termijn' = $2 ORDER BY lower(during) LIMIT 1`, [streamIdOf(organisation, caseId), termijn]);
  return rows.length === 0 ? null : toClock(rows[0]);
}
