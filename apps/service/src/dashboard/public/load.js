// Reads everything the board shows for one organisation at one moment, and picks the figures out
// of the report rows (indicators.md, "Output shape": a missing count row is 0).
import { api } from './api.js';
import { lastDayOfMonth, lastDayOfQuarter, lastQuarters, monthsBefore, quarterOf } from './dates.js';

export const QUARTERS = 6;
export const MONTHS = 12;

/** The rows the board's tijdig and doorlooptijd tables show: each termijn, diensten on their legal clock. */
export const TERM_ROWS = [
  { termijn: 'veiligheidsbeoordeling' },
  { termijn: 'triage' },
  { termijn: 'eerste_contact' },
  { termijn: 'onderzoek', klok: 'vanaf_triage' },
  { termijn: 'voorwaarden_en_vervolg', klok: 'vanaf_triage' },
];

/** The row of `key` whose `by` is exactly `by`. */
export function findRow(rows, key, by = {}) {
  const keys = Object.keys(by);
  return rows.find((r) => r.key === key && Object.keys(r.by).length === keys.length && keys.every((k) => r.by[k] === by[k]));
}

/** A count row's value, 0 when the row is missing. */
export function countOf(rows, key, by = {}) {
  return findRow(rows, key, by)?.value ?? 0;
}

/**
 * Past months and quarters are read once and kept until a change reaches back into them
 * ({@link forgetFrom}); the moment itself, its quarter and the over-term cases are read at every refresh.
 */
const history = new Map();

function remembered(key, lastDay, read) {
  if (!history.has(key)) {
    const promise = read();
    history.set(key, { lastDay, promise });
    promise.catch(() => history.delete(key));
  }
  return history.get(key).promise;
}

/** Forgets the remembered periods that end on or after `date` (everything when null). */
export function forgetFrom(date) {
  for (const [key, entry] of history) if (date === null || entry.lastDay >= date) history.delete(key);
}

export async function loadBoard(organisation, moment) {
  const at = moment.instant();
  const date = moment.date;
  const current = quarterOf(date);
  const quarters = lastQuarters(date, QUARTERS);
  const months = monthsBefore(date, MONTHS);
  const [stock, cases, flows, trend] = await Promise.all([
    api.stock(organisation, at),
    api.overTermijn(organisation, at),
    Promise.all(quarters.map((q) => (q === current ? api.flows(organisation, q) : remembered(`${organisation}|${q}`, lastDayOfQuarter(q), () => api.flows(organisation, q))))),
    Promise.all(months.map((m) => remembered(`${organisation}|${m}`, lastDayOfMonth(m), () => api.stock(organisation, m)).then((r) => ({ month: m, rows: r.rows })))),
  ]);
  return { organisation, at: stock.at, date, fixed: moment.fixed, quarter: current, stock, cases: cases.cases, flows, trend };
}
