import { endOfPeriodInstant, startOfPeriodInstant, type Period } from '../../calendar/src';
import type { SqlExecutor } from '../../event-store/src';
import {
  buildFlowRows,
  buildStockRows,
  foldCase,
  openAt,
  overTermijnRows,
  WACHTLIJST_DEFINITION,
  type CaseEvent,
  type Fact,
  type FlowReport,
  type OverTermijnRow,
  type ProjectionConfig,
  type Span,
  type StockReport,
} from '../../projections/src';
import { foldSettingsOf } from './fold-version';
import { readComplete } from './read-complete';
import { checkReportRequest, resolveInstant, resolvePeriod, type ReportRequest } from './report-request';
import { decodeSpan, groupStoredFacts, jsonColumn, type EncodedFact, type EncodedSpan } from './case-row-codec';
import { loadCaseEvents } from './case-rows';
import { detectCaseEventSource, type CaseEventSource } from './schema';

/** Cases per read of their events in an as-of report. */
const AS_OF_CHUNK = 500;
/**
 * Reads at once of an as-of report on a PostgreSQL server: each on its own connection, so that the
 * scattered pages of a cold log are read in parallel while a chunk is folded. A database inside this
 * process (PGlite) runs one query at a time on the service's own thread: parallel reads gain nothing
 * there and all resume in the same turn of the event loop, so every other request (a health probe)
 * would wait for eight chunks at a time; there they go one at a time (openReadModel).
 */
export const AS_OF_PARALLEL = 8;

function resolveAsOf(asOf?: string): string | undefined {
  return asOf === undefined ? undefined : resolveInstant(asOf, 'as-of').iso;
}

interface QueryOptions {
  asOf?: string;
  gemeente?: string;
  by?: string[];
}

/**
 * Reports of indicators.md from the read models; as-of reports fold the events recorded by then.
 * Each reads through `readComplete` (never figures of half-rebuilt read models: they throw
 * ReadModelsRebuildingError), after checking its input (bad input is bad input during a rebuild too).
 */
export class IndicatorQueries {
  private source?: Promise<CaseEventSource>;

  constructor(
    private readonly db: SqlExecutor,
    private readonly config: ProjectionConfig,
    private readonly asOfReadsAtOnce = AS_OF_PARALLEL,
  ) {}

  /** The settings this process folds with: reports refuse read models that record others (another process rebuilt them). */
  private get own(): string {
    return foldSettingsOf(this.config);
  }

  async flowReport(organisation: string, periodLabel: string, options: QueryOptions = {}): Promise<FlowReport> {
    const p = resolvePeriod(periodLabel);
    const asOf = resolveAsOf(options.asOf);
    const facts = await readComplete(this.db, () => (asOf ? this.asOfFacts(organisation, p, asOf) : this.storedFacts(organisation, p.from, p.to, options.gemeente)), this.own);
    const selected = options.gemeente ? facts.filter((f) => f.dims.gemeente === options.gemeente) : facts;
    return {
      organisation,
      period: p.label,
      from: p.from,
      to: p.to,
      asOf: asOf ?? null,
      ...(options.gemeente ? { gemeente: options.gemeente } : {}),
      rows: buildFlowRows(selected, { by: options.by }),
    };
  }

  /** Flows over `period`, or stocks at `at`; exactly one of them (the callers say so in their own words). */
  async report(organisation: string, request: ReportRequest): Promise<FlowReport | StockReport> {
    const { period, at, ...options } = checkReportRequest(organisation, request);
    return period !== undefined ? this.flowReport(organisation, period, options) : this.stockReport(organisation, at!, options);
  }

  async stockReport(organisation: string, at: string, options: QueryOptions = {}): Promise<StockReport> {
    const t = resolveInstant(at);
    const asOf = resolveAsOf(options.asOf);
    const spans = await readComplete(this.db, () => (asOf ? this.asOfSpans(organisation, t.ms, asOf) : this.storedSpans(organisation, t.iso)), this.own);
    const selected = (options.gemeente ? spans.filter((s) => s.dims.gemeente === options.gemeente) : spans).filter((s) => s.from <= t.ms && (s.to === null || s.to > t.ms));
    return {
      organisation,
      at: t.iso,
      asOf: asOf ?? null,
      ...(options.gemeente ? { gemeente: options.gemeente } : {}),
      definitions: { wachtlijst: WACHTLIJST_DEFINITION },
      rows: buildStockRows(selected, t.ms, { by: options.by }),
    };
  }

  /** Open cases past, or within one werkdag of, a term at `now`: the legal term of each running clock. */
  async overTermijnCases(organisation: string, now: string): Promise<OverTermijnRow[]> {
    const t = resolveInstant(now);
    const spans = await readComplete(this.db, () => this.storedSpans(organisation, t.iso), this.own);
    return overTermijnRows(spans, t.iso, this.config.calendar);
  }

  async dataQuality(organisation: string) {
    const rows = await readComplete(this.db, () => this.db.query<{ kind: string; case_id: string }>('SELECT kind, case_id FROM rm_quality WHERE organisation = $1 ORDER BY kind, case_id', [organisation]), this.own);
    const kinds = new Map<string, Set<string>>();
    for (const r of rows) {
      if (!kinds.has(r.kind)) kinds.set(r.kind, new Set());
      kinds.get(r.kind)!.add(r.case_id);
    }
    return { organisation, kinds: [...kinds].map(([kind, cases]) => ({ kind, count: cases.size, caseIds: [...cases] })) };
  }

  /** The facts dated in [from, to], from the months' rows of rm_case_facts, equal ones grouped with a weight. */
  private async storedFacts(organisation: string, from: string, to: string, gemeente?: string): Promise<Fact[]> {
    const rows = await this.db.query<{ facts: EncodedFact[] | string }>(
      `SELECT facts FROM rm_case_facts WHERE organisation = $1 AND month BETWEEN date_trunc('month', $2::date)::date AND $3::date${gemeente ? ' AND gemeente = $4' : ''}`,
      gemeente ? [organisation, from, to, gemeente] : [organisation, from, to],
    );
    return groupStoredFacts(rows, from, to);
  }

  /**
   * The spans that contain `atIso`, from the spans stored in rm_cases: the cases in a state at the
   * instant come from the index alone (rm_cases_org_open), then their rows by case_key, so the
   * rows of cases that ended before or began after the instant are never read.
   */
  private async storedSpans(organisation: string, atIso: string): Promise<Span[]> {
    const rows = await this.db.query<{ case_id: string; spans: EncodedSpan[] | string; contacts: number[] | string }>(
      `SELECT case_id, spans, contacts FROM rm_cases WHERE case_key = ANY(ARRAY(
         SELECT case_key FROM rm_cases WHERE organisation = $1 AND open_until > $2::timestamptz AND spans_from <= $2::timestamptz))`,
      [organisation, atIso],
    );
    const t = Date.parse(atIso);
    const spans: Span[] = [];
    for (const r of rows) {
      const encoded = jsonColumn(r.spans);
      const contacts = jsonColumn(r.contacts);
      for (const s of encoded) if (s[1] <= t && (s[2] === null || s[2] > t)) spans.push(decodeSpan(s, r.case_id, contacts));
    }
    return spans;
  }

  /**
   * As of a record time: fold again every case with an event in the period, from the events
   * recorded by then. rm_cases gives the cases whose events span the period (a superset: a fact is
   * dated by its own event, so the others add nothing); they are folded a chunk at a time and only
   * the period's facts are kept, so memory holds one chunk's events.
   */
  private async asOfFacts(organisation: string, p: Period, asOf: string): Promise<Fact[]> {
    const keys = await this.db.query<{ case_key: string }>(
      `SELECT case_key FROM rm_cases WHERE organisation = $1 AND first_at <= $3::timestamptz AND last_at >= $2::timestamptz`,
      [organisation, startOfPeriodInstant(p), endOfPeriodInstant(p)],
    );
    return this.foldAsOf(keys, asOf, (events) => foldCase(events, this.config).facts.filter((f) => f.date >= p.from && f.date <= p.to));
  }

  /**
   * As of a record time: cases with an event by `t`, less those closed by then (as recorded by
   * `asOf`, with no retraction that could undo the closure), folded from what was recorded.
   */
  private async asOfSpans(organisation: string, t: number, asOf: string): Promise<Span[]> {
    const keys = await this.db.query<{ case_key: string }>(
      `SELECT case_key FROM rm_cases WHERE organisation = $1 AND first_at <= $2::timestamptz
          AND NOT (closed_at IS NOT NULL AND closed_at <= $2::timestamptz AND closed_recorded_at <= $3::timestamptz AND NOT retractions)`,
      [organisation, new Date(t).toISOString(), asOf],
    );
    return this.foldAsOf(keys, asOf, (events) => openAt(foldCase(events, this.config).spans, t));
  }

  /**
   * Loads the events of the cases recorded by `asOf`, a chunk of cases at a time, and folds each
   * case with `fold`. Up to `asOfReadsAtOnce` chunks are read at once (see AS_OF_PARALLEL). The
   * results keep the order of the chunks.
   * Memory holds at most those chunks' events.
   */
  private async foldAsOf<T>(keys: readonly { case_key: string }[], asOf: string, fold: (events: CaseEvent[]) => T[]): Promise<T[]> {
    this.source ??= detectCaseEventSource(this.db);
    const source = await this.source;
    const chunks: string[][] = [];
    for (let i = 0; i < keys.length; i += AS_OF_CHUNK) chunks.push(keys.slice(i, i + AS_OF_CHUNK).map((k) => k.case_key));
    const results: T[][] = new Array(chunks.length);
    let next = 0;
    const reader = async () => {
      while (next < chunks.length) {
        const i = next++;
        const byCase = await loadCaseEvents(this.db, source, chunks[i], asOf);
        const out: T[] = [];
        for (const events of byCase.values()) for (const x of fold(events)) out.push(x);
        results[i] = out;
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.asOfReadsAtOnce, chunks.length) }, reader));
    return results.flat();
  }
}
