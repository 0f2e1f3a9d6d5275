import { localDateOf, parsePeriod } from '../../calendar/src';
import type { VtEvent } from '../../events/src';
import { buildFlowRows, buildStockRows, createProjectionConfig, foldCase, openAt, type CaseEvent, type Fact, type ProjectionConfig, type QualityIssue, type Span } from '../../projections/src';
import type { ComputeRows } from './reconcile';

/**
 * Reports computed in memory from a list of events, the way the read models compute them: every
 * case folded (`foldCase`), flows from the facts dated in the period (`buildFlowRows`), stocks from
 * the spans open at the instant (`buildStockRows`). For tests and for reconciling seeds without a store.
 */
export interface InMemoryReports {
  computeRows: ComputeRows;
  /** Data-quality issues per case (`organisation/caseId`), only cases that have some. */
  issues: Map<string, QualityIssue[]>;
  cases: number;
}

export function createInMemoryReports(events: Iterable<VtEvent>, config: ProjectionConfig = createProjectionConfig()): InMemoryReports {
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of events) {
    const k = `${e.organisation}/${e.caseId}`;
    let list = byCase.get(k);
    if (!list) byCase.set(k, (list = []));
    list.push({ ...e, recordedAt: e.occurredAt, data: e.data as Record<string, unknown> } as CaseEvent);
  }
  const facts = new Map<string, Fact[]>();
  const spans = new Map<string, Span[]>();
  const issues = new Map<string, QualityIssue[]>();
  for (const [k, list] of byCase) {
    const d = foldCase(list, config);
    if (d.issues.length > 0) issues.set(k, d.issues);
    const org = d.organisation;
    let f = facts.get(org);
    if (!f) facts.set(org, (f = []));
    for (const x of d.facts) f.push(x);
    let s = spans.get(org);
    if (!s) spans.set(org, (s = []));
    for (const x of d.spans) s.push(x);
  }
  const computeRows: ComputeRows = (organisation, ref) => {
    if (ref.period !== undefined) {
      const p = parsePeriod(ref.period);
      return buildFlowRows((facts.get(organisation) ?? []).filter((f) => f.date >= p.from && f.date <= p.to));
    }
    const t = Date.parse(ref.at);
    if (Number.isNaN(t)) throw new Error(`not an instant: ${ref.at}`);
    localDateOf(ref.at); // validates the offset
    return buildStockRows(openAt(spans.get(organisation) ?? [], t), t);
  };
  return { computeRows, issues, cases: byCase.size };
}
