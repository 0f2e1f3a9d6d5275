import type { SqlExecutor } from '../../../../libs/event-store/src';
import type { LocalDate } from '../../../../libs/calendar/src';

/** Clock stops of one stop date and doorlooptijd, with how many there were. */
export interface ClockStopGroup {
  termijn: string;
  klok: string;
  stopDate: LocalDate;
  days: number;
  count: number;
}

/**
 * The clock stops (`klokstop` facts) of an organisation with a stop date in [from, to], grouped by
 * termijn, klok, stop date and calendar days. A query of its own beside `IndicatorQueries`, because
 * the werkdagen histogram needs each stop's dates, which the flow report aggregates away. It reads
 * `rm_facts` as libs/read-model/src/schema.ts defines it (index rm_facts_org_date).
 */
export async function clockStopsBetween(db: SqlExecutor, organisation: string, from: LocalDate, to: LocalDate): Promise<ClockStopGroup[]> {
  const rows = await db.query<{ termijn: string; klok: string | null; stop_date: string; days: number; n: number }>(
    `SELECT dims->>'termijn' AS termijn, dims->>'klok' AS klok, date::text AS stop_date, days, count(*)::int AS n
       FROM rm_facts
      WHERE organisation = $1 AND key = 'klokstop' AND date BETWEEN $2::date AND $3::date AND days IS NOT NULL
      GROUP BY 1, 2, 3, 4`,
    [organisation, from, to],
  );
  return rows.map((r) => ({ termijn: r.termijn, klok: r.klok ?? '', stopDate: r.stop_date, days: r.days, count: r.n }));
}
