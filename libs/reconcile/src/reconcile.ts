import type { ReportRow } from '../../projections/src/report/report.types';
/**
 * Reconciliation of published figures with computed ones (pure). A published row names an
 * organisation, a period (a flow) or an instant (a stock), an indicator key and a `by`; a list value
 * in `by` means the sum over those values. The computed side is any function that returns the
 * report rows of spec/indicators.md for (organisation, period | at): from the read models, or from
 * an in-memory replay (`in-memory-reports.ts`).
 */

export interface PublishedFigure {
  organisation: string;
  period?: string;
  at?: string;
  key: string;
  by: Record<string, string | string[]>;
  value: number;
  tolerance: number;
  source?: string;
  note?: string;
}

/** A report row as the projections produce it. */
export type ComputedRow = ReportRow;

export type ReportRef = { period: string; at?: undefined } | { at: string; period?: undefined };

export type ComputeRows = (organisation: string, ref: ReportRef) => readonly ComputedRow[];
export type ComputeRowsAsync = (organisation: string, ref: ReportRef) => readonly ComputedRow[] | Promise<readonly ComputedRow[]>;

export interface ReconciledRow {
  organisation: string;
  period?: string;
  at?: string;
  key: string;
  by: Record<string, string | string[]>;
  published: number;
  /** null when nothing could be measured (a percentage with an empty denominator). */
  computed: number | null;
  tolerance: number;
  /** |computed − published| ≤ tolerance */
  ok: boolean;
  source: string;
  note?: string;
}

export interface ReconcileSummary {
  total: number;
  ok: number;
  failed: number;
  byOrganisation: Record<string, { total: number; ok: number; failed: number }>;
}

export interface ReconcileResult {
  rows: ReconciledRow[];
  summary: ReconcileSummary;
}

/**
 * Keys whose missing row is "nothing to measure" (null), not 0: percentages, durations and
 * statistics. Every other key is a count, and a reader takes a missing count row as 0.
 */
const MEASURE_KEYS = new Set(['tijdig_pct', 'doorlooptijd_dagen', 'wachttijd_dagen', 'open_binnen_termijn_pct']);

export function isCountKey(key: string): boolean {
  return !MEASURE_KEYS.has(key);
}

function byKey(by: Record<string, string>): string {
  return Object.keys(by)
    .sort()
    .map((k) => `${k}=${by[k]}`)
    .join('&');
}

/** Every combination of the list values of a published `by` (`{dienst: [a, b]}` → `{dienst: a}`, `{dienst: b}`). */
export function expandBy(by: Record<string, string | string[]>): Record<string, string>[] {
  let combos: Record<string, string>[] = [{}];
  for (const [k, v] of Object.entries(by)) {
    const values = Array.isArray(v) ? v : [v];
    combos = combos.flatMap((c) => values.map((x) => ({ ...c, [k]: x })));
  }
  return combos;
}

/** The computed value of a published row from one report's rows: the sum over a list `by`; missing counts are 0. */
export function computedValue(figure: Pick<PublishedFigure, 'key' | 'by'>, rows: readonly ComputedRow[]): number | null {
  const index = new Map<string, ComputedRow>();
  for (const r of rows) if (r.key === figure.key) index.set(byKey(r.by), r);
  const parts = expandBy(figure.by).map((by) => index.get(byKey(by)));
  if (!isCountKey(figure.key)) {
    // a measure over a list of values cannot be summed; only a single row is meaningful
    if (parts.length !== 1) return null;
    return parts[0]?.value ?? null;
  }
  let sum = 0;
  for (const p of parts) sum += p?.value ?? 0;
  return sum;
}

function refOf(figure: PublishedFigure): ReportRef {
  if (figure.period !== undefined) return { period: figure.period };
  if (figure.at !== undefined) return { at: figure.at };
  throw new Error(`published row ${figure.organisation} ${figure.key} has neither period nor at`);
}

function refKey(organisation: string, ref: ReportRef): string {
  return ref.period !== undefined ? `${organisation}|period|${ref.period}` : `${organisation}|at|${ref.at}`;
}

function reconcileRow(figure: PublishedFigure, rows: readonly ComputedRow[]): ReconciledRow {
  const computed = computedValue(figure, rows);
  const ok = computed !== null && Math.abs(computed - figure.value) <= figure.tolerance + 1e-9;
  return {
    organisation: figure.organisation,
    ...(figure.period !== undefined ? { period: figure.period } : { at: figure.at }),
    key: figure.key,
    by: figure.by,
    published: figure.value,
    computed,
    tolerance: figure.tolerance,
    ok,
    source: figure.source ?? '',
    ...(figure.note !== undefined ? { note: figure.note } : {}),
  };
}

export function summarise(rows: readonly ReconciledRow[]): ReconcileSummary {
  const byOrganisation: ReconcileSummary['byOrganisation'] = {};
  for (const r of rows) {
    const s = (byOrganisation[r.organisation] ??= { total: 0, ok: 0, failed: 0 });
    s.total++;
    if (r.ok) s.ok++;
    else s.failed++;
  }
  const ok = rows.filter((r) => r.ok).length;
  return { total: rows.length, ok, failed: rows.length - ok, byOrganisation };
}

/**
 * Each published row beside its computed value. `computeRows` is called once per distinct
 * (organisation, period | at).
 */
export function reconcile(published: readonly PublishedFigure[], computeRows: ComputeRows): ReconcileResult {
  const cache = new Map<string, readonly ComputedRow[]>();
  const rows = published.map((figure) => {
    const ref = refOf(figure);
    const key = refKey(figure.organisation, ref);
    let computed = cache.get(key);
    if (!computed) cache.set(key, (computed = computeRows(figure.organisation, ref)));
    return reconcileRow(figure, computed);
  });
  return { rows, summary: summarise(rows) };
}

/** As `reconcile`, for a `computeRows` that reads a database (returns a promise). */
export async function reconcileAsync(published: readonly PublishedFigure[], computeRows: ComputeRowsAsync): Promise<ReconcileResult> {
  const cache = new Map<string, readonly ComputedRow[]>();
  const rows: ReconciledRow[] = [];
  for (const figure of published) {
    const ref = refOf(figure);
    const key = refKey(figure.organisation, ref);
    let computed = cache.get(key);
    if (!computed) cache.set(key, (computed = await computeRows(figure.organisation, ref)));
    rows.push(reconcileRow(figure, computed));
  }
  return { rows, summary: summarise(rows) };
}

/** The calendar year a published row belongs to (its period's, or its instant's local date's). */
export function yearOfFigure(figure: Pick<PublishedFigure, 'period' | 'at'>): number {
  return Number((figure.period ?? figure.at ?? '').slice(0, 4));
}

/** Published rows of one organisation and/or some years (`vt-monitor reconcile --org --year`). */
export function selectFigures<T extends PublishedFigure>(published: readonly T[], options: { org?: string; years?: readonly number[] } = {}): T[] {
  return published.filter((f) => (!options.org || f.organisation === options.org) && (!options.years || options.years.length === 0 || options.years.includes(yearOfFigure(f))));
}
