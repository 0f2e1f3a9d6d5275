import { diffDays, isDienstTerm, localDateOf, type LocalDate } from '../../../calendar/src';
import type { Span } from '../case-fold/derived';
import { withEveryClockRow } from './flow-rows';
import { groupBy, groupKey, withCarried } from './row-sets';
import type { ReportRow } from './report.types';
import { max, median, round1 } from './statistics';

export const ZONDER_CONTACT_DAGEN = 14;
/** The fasen of the wachtlijst (indicators.md). */
const WACHT_FASES = ['triage', 'dienst', 'overdracht'];
/** Every dimension a stock report can be broken down by (`--by`): the waiting cases' and the running clocks'. */
export const STOCK_DIMENSIONS: readonly string[] = ['fase', 'dienst', 'gemeente', 'prioriteit', 'termijn', 'klok'];

export const WACHTLIJST_DEFINITION =
  'wachtlijst per fase: triage (melding zonder triagebesluit), dienst (vervolgstappen besloten, dienst niet gestart), overdracht (overdracht besloten, nog niet gedaan); VTIJ 2015 telde alleen fase=dienst, dienst=onderzoek, de bredere "60 zaken" telde ook fase=overdracht';

/** Spans the case is in at instant `t` (ms): started at or before t, not yet ended. */
export function openAt(spans: readonly Span[], t: number): Span[] {
  return spans.filter((s) => s.from <= t && (s.to === null || s.to > t));
}

function counts(key: string, spans: Span[], sets: string[][]): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const dims of sets) {
    if (dims.length === 0) {
      rows.push({ key, by: {}, value: spans.length });
      continue;
    }
    for (const g of groupBy(spans, dims, (s) => s.dims).values()) rows.push({ key, by: g.by, value: g.items.length });
  }
  return rows;
}

const pastDeadline = (s: Span, today: LocalDate) => s.deadline !== null && today > s.deadline;

const STOCK_CARRIES: Record<string, string[]> = { dienst: ['fase'], klok: ['termijn'] };

/** The stocks of indicators.md at instant `t`, from the spans open at `t`. */
export function buildStockRows(open: readonly Span[], t: number, options: { by?: string[] } = {}): ReportRow[] {
  const today = localDateOf(new Date(t).toISOString());
  const waits = open.filter((s) => s.kind === 'wacht');
  const diensten = open.filter((s) => s.kind === 'dienst');
  const clocks = open.filter((s) => s.kind === 'klok');
  // `dienst` in a stock carries its `fase` (indicators.md), as `groep` carries `soort` in a flow.
  const extra = withCarried(options.by ?? [], STOCK_CARRIES);
  const rows: ReportRow[] = [];

  const wachtSets = options.by ? [[], extra] : [[], ['fase'], ['fase', 'dienst'], ['fase', 'gemeente'], ['fase', 'prioriteit'], ['gemeente'], ['prioriteit']];
  rows.push(...counts('wachtlijst', waits, wachtSets));

  const over = waits.filter((s) => (s.dims.fase === 'triage' || s.dims.fase === 'dienst') && pastDeadline(s, today));
  rows.push(...counts('wachtlijst_over_termijn', over, options.by ? [[], extra] : [[], ['fase'], ['fase', 'dienst']]));

  // Both 14-day conditions count calendar days by local date, as wachttijd_dagen does: in the fase
  // since 14 or more days before today, and no contact dated less than 14 days before today (a
  // contact then restarts the count as entering the fase started it).
  const daysBefore = (ms: number) => diffDays(localDateOf(new Date(ms).toISOString()), today);
  const zonderContact = waits.filter(
    (s) =>
      (s.dims.fase === 'dienst' || s.dims.fase === 'overdracht') &&
      daysBefore(s.enteredAt) >= ZONDER_CONTACT_DAGEN &&
      !s.contacts.some((c) => c <= t && daysBefore(c) < ZONDER_CONTACT_DAGEN),
  );
  rows.push(...counts('wachtlijst_zonder_contact', zonderContact, [[], ['fase']]));

  for (const dims of [['fase'], ['fase', 'dienst']]) {
    const groups = groupBy(waits, dims, (s) => s.dims);
    // A fase nobody waits in has its duration rows too, null (indicators.md: only count rows may be left out).
    if (dims.length === 1) for (const fase of WACHT_FASES) if (!groups.has(groupKey({ fase }))) groups.set(groupKey({ fase }), { by: { fase }, items: [] });
    for (const g of [...groups.values()].sort((a, b) => (dims.length === 1 ? WACHT_FASES.indexOf(a.by.fase) - WACHT_FASES.indexOf(b.by.fase) : 0))) {
      const days = g.items.map((s) => ({ value: diffDays(localDateOf(new Date(s.enteredAt).toISOString()), today), weight: 1 }));
      rows.push({ key: 'wachttijd_dagen', by: { ...g.by, stat: 'mediaan' }, value: median(days) });
      rows.push({ key: 'wachttijd_dagen', by: { ...g.by, stat: 'max' }, value: max(days) });
    }
  }

  rows.push(...counts('open_diensten', diensten, [[], ['dienst']]));
  rows.push(...counts('open_diensten_over_termijn', diensten.filter((s) => pastDeadline(s, today)), [[], ['dienst']]));

  const clockGroups = (
    [
      [clocks.filter((s) => !isDienstTerm(String(s.dims.termijn))), ['termijn']],
      [clocks.filter((s) => isDienstTerm(String(s.dims.termijn))), ['termijn', 'klok']],
    ] as [Span[], string[]][]
  ).flatMap(([items, dims]) => [...groupBy(items, dims, (s) => s.dims).values()]);
  // Every termijn (and dienst klok) has its row; with no clock running its share is null.
  rows.push(
    ...withEveryClockRow(
      clockGroups,
      (g) => {
        const denominator = g.items.length;
        const numerator = g.items.filter((s) => !pastDeadline(s, today)).length;
        return [{ key: 'open_binnen_termijn_pct', by: g.by, value: round1((100 * numerator) / denominator), numerator, denominator }];
      },
      (by) => [{ key: 'open_binnen_termijn_pct', by, value: null, numerator: 0, denominator: 0 }],
    ),
  );
  return rows;
}
