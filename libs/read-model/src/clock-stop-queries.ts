import type { LocalDate } from '../../calendar/src';
import type { SqlExecutor } from '../../event-store/src';
import { jsonColumn, type EncodedFact } from './case-row-codec';

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
 * the facts stored in `rm_case_facts` as case-row-codec.ts encodes them (index rm_case_facts_org_month).
 * For the doorlooptijd histograms of `/metrics` (apps/service/src/metrics).
 */
export async function clockStopsBetween(db: SqlExecutor, organisation: string, from: LocalDate, to: LocalDate): Promise<ClockStopGroup[]> {
  const rows = await db.query<{ facts: EncodedFact[] | string }>(
    `SELECT facts FROM rm_case_facts WHERE organisation = $1 AND month BETWEEN date_trunc('month', $2::date)::date AND $3::date`,
    [organisation, from, to],
  );
  const groups = new Map<string, { dims: string; date: string; days: number; count: number }>();
  for (const r of rows) {
    const facts = jsonColumn(r.facts);
    for (const [key, date, dims, , days] of facts) {
      if (key !== 'klokstop' || days === null || date < from || date > to) continue;
      const id = `${dims}\u0000${date}\u0000${days}`;
      const group = groups.get(id);
      if (group) group.count++;
      else groups.set(id, { dims, date, days, count: 1 });
    }
  }
  // Groups that differ only in other dims (gemeente) add up to one termijn, klok, date and days.
  const stops = new Map<string, ClockStopGroup>();
  for (const g of groups.values()) {
    const dims = JSON.parse(g.dims) as Record<string, unknown>;
    const termijn = String(dims.termijn);
    const klok = dims.klok === undefined ? '' : String(dims.klok);
    const id = `${termijn}\u0000${klok}\u0000${g.date}\u0000${g.days}`;
    const stop = stops.get(id);
    if (stop) stop.count += g.count;
    else stops.set(id, { termijn, klok, stopDate: g.date, days: g.days, count: g.count });
  }
  return [...stops.values()];
}
