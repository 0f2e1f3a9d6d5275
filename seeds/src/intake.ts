import type { Day, DayIndex } from './day-index';
import type { Rng } from './prng';

/**
 * How inflow spreads over the days of a period. The sources give annual totals and monthly
 * averages only; they say meldingen come in at 40–70 a week (VT NOG), peak before the school
 * holidays (professionals report before they go, VT NOG risk register) and dip in summer. So a
 * day's weight is: weekday 1, Saturday/Sunday and holidays low (police reports and the 24/7 line
 * go on), times a month factor.
 */
export interface IntakeProfile {
  /** Factor per month 1..12 (1 = average). */
  months: readonly number[];
  weekend: number;
  holiday: number;
}

export const MELDING_PROFILE: IntakeProfile = {
  months: [1.0, 1.02, 1.04, 1.0, 1.0, 1.06, 0.95, 0.9, 1.04, 1.05, 1.04, 0.96],
  weekend: 0.3,
  holiday: 0.4,
};

/** VT NOG: 40–70 meldingen a week in 2024 and 2025 [001:1037-1038; 004:62]: a flatter year. */
export const VTNOG_MELDING_PROFILE: IntakeProfile = {
  months: [1.0, 1.01, 1.02, 1.0, 0.99, 1.03, 0.96, 0.93, 1.02, 1.03, 1.02, 0.97],
  weekend: 0.3,
  holiday: 0.45,
};

export const ADVIES_PROFILE: IntakeProfile = {
  months: [1.02, 1.03, 1.04, 1.0, 0.98, 1.05, 0.9, 0.85, 1.05, 1.06, 1.05, 0.95],
  weekend: 0.15,
  holiday: 0.2,
};

export function dayWeight(days: DayIndex, profile: IntakeProfile, d: Day, extra?: (d: Day) => number): number {
  const month = profile.months[days.monthOf(d) - 1];
  const weekday = days.weekdayOf(d);
  const base = weekday >= 6 ? profile.weekend : days.isHoliday(d) ? profile.holiday : 1;
  return base * month * (extra ? extra(d) : 1);
}

/**
 * `n` days in [from, to], spread by weight with stratified sampling (the k-th day falls in the
 * k-th n-quantile of the cumulative weight), so monthly and weekly counts are smooth, not lumpy.
 * Sorted ascending.
 */
export function spreadDays(n: number, from: Day, to: Day, weight: (d: Day) => number, rng: Rng): Day[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let d = from; d <= to; d++) {
    total += weight(d);
    cumulative.push(total);
  }
  const out: Day[] = [];
  let j = 0;
  for (let k = 0; k < n; k++) {
    const u = ((k + rng.next()) / n) * total;
    while (j < cumulative.length - 1 && cumulative[j] <= u) j++;
    out.push(from + j);
  }
  return out;
}
