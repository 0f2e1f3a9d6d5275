import type { WorkingDayCalendar } from './holidays';
import { addDays, assertLocalDate, LocalDate } from './local-date';

/** The termijnen of indicators.md (Working days and terms). */
export const TERM_KEYS = ['veiligheidsbeoordeling', 'triage', 'eerste_contact', 'voorwaarden_en_vervolg', 'onderzoek'] as const;
export type TermKey = (typeof TERM_KEYS)[number];

/** The diensten whose term runs on one of three clocks (`Klok`). */
export const DIENST_TERM_KEYS = ['voorwaarden_en_vervolg', 'onderzoek'] as const;
export type DienstTermKey = (typeof DIENST_TERM_KEYS)[number];
const DIENST_TERM_SET: ReadonlySet<string> = new Set(DIENST_TERM_KEYS);

/** Whether a termijn (or dienst) is one of the diensten whose term runs on three clocks. */
export function isDienstTerm(key: string): key is DienstTermKey {
  return DIENST_TERM_SET.has(key);
}

export const TERM_UNITS = ['werkdagen', 'dagen', 'weken'] as const;
export type TermUnit = (typeof TERM_UNITS)[number];

/**
 * The three clocks of a dienst, all reported (seed-facts §2.1, §9 item 10):
 * - `vanaf_start`: from `DienstGestart`, "zonder invloed van de wachtlijst";
 * - `vanaf_triage`: from the `TriagebesluitGenomen` that sent the case to the dienst: the legal term;
 * - `vanaf_melding`: from `MeldingOntvangen`, "met invloed van de wachtlijst en doorlooptijd veiligheidsbeoordeling".
 */
export const KLOKKEN = ['vanaf_start', 'vanaf_triage', 'vanaf_melding'] as const;
export type Klok = (typeof KLOKKEN)[number];

/** The event that starts each dienst clock. */
export const KLOK_START_EVENT: Readonly<Record<Klok, string>> = {
  vanaf_start: 'DienstGestart',
  vanaf_triage: 'TriagebesluitGenomen',
  vanaf_melding: 'MeldingOntvangen',
};

export interface TermDefinition {
  key: TermKey;
  length: number;
  unit: TermUnit;
  /** The share of clock stops that should be tijdig, as a percentage (90 = 90%), like `tijdig_pct`. */
  normPct: number;
  /** The event that starts the clock; for a dienst it depends on the `Klok` (see `KLOK_START_EVENT`). */
  startEvent: string | null;
  stopEvent: string;
}

/** The product's defaults (indicators.md table): each may be overridden per organisation. */
export const DEFAULT_TERMS: Readonly<Record<TermKey, Readonly<TermDefinition>>> = {
  veiligheidsbeoordeling: { key: 'veiligheidsbeoordeling', length: 5, unit: 'werkdagen', normPct: 90, startEvent: 'MeldingOntvangen', stopEvent: 'VeiligheidsbeoordelingAfgerond' },
  triage: { key: 'triage', length: 5, unit: 'werkdagen', normPct: 90, startEvent: 'MeldingOntvangen', stopEvent: 'TriagebesluitGenomen' },
  eerste_contact: { key: 'eerste_contact', length: 10, unit: 'dagen', normPct: 80, startEvent: 'MeldingOntvangen', stopEvent: 'EersteContactGelegd' },
  voorwaarden_en_vervolg: { key: 'voorwaarden_en_vervolg', length: 10, unit: 'weken', normPct: 80, startEvent: null, stopEvent: 'DienstAfgerond' },
  onderzoek: { key: 'onderzoek', length: 10, unit: 'weken', normPct: 80, startEvent: null, stopEvent: 'DienstAfgerond' },
};

/** An organisation's overrides: per term any of length, unit and norm (seed-facts §9 item 9: "5 dagen" vs "5 werkdagen"). */
export type TermOverride = Partial<Pick<TermDefinition, 'length' | 'unit' | 'normPct'>>;
export type TermConfig = Partial<Record<TermKey, TermOverride>>;

function isTermKey(key: string): key is TermKey {
  return (TERM_KEYS as readonly string[]).includes(key);
}

function applyOverride(base: Readonly<TermDefinition>, override: TermOverride | undefined): TermDefinition {
  const term = { ...base, ...override };
  const where = `term "${base.key}"`;
  if (!Number.isInteger(term.length) || term.length < 0) throw new Error(`Invalid length for ${where}: expected a non-negative integer, got ${term.length}`);
  if (!(TERM_UNITS as readonly string[]).includes(term.unit)) throw new Error(`Invalid unit for ${where}: expected ${TERM_UNITS.join(', ')}, got ${String(term.unit)}`);
  if (typeof term.normPct !== 'number' || !(term.normPct >= 0 && term.normPct <= 100)) throw new Error(`Invalid normPct for ${where}: expected a percentage 0–100, got ${term.normPct}`);
  return term;
}

/** The defaults with an organisation's overrides applied; unknown term keys or bad values throw. */
export function resolveTerms(orgOverrides: TermConfig = {}): Record<TermKey, TermDefinition> {
  for (const key of Object.keys(orgOverrides)) if (!isTermKey(key)) throw new Error(`Unknown term "${key}": expected one of ${TERM_KEYS.join(', ')}`);
  const entries = TERM_KEYS.map((key) => [key, applyOverride(DEFAULT_TERMS[key], orgOverrides[key])] as const);
  return Object.fromEntries(entries) as Record<TermKey, TermDefinition>;
}

/**
 * The last date on which a clock started on local date `start` stops in time:
 * N werkdagen = the N-th werkdag after `start` (the day of receipt is day 0); N dagen = `start` + N;
 * N weken = `start` + 7N calendar days (dates, not instants: a DST change moves nothing).
 * `term` is a key (resolved with `overrides`) or an already resolved definition.
 */
export function deadlineOf(term: TermKey | TermDefinition, start: LocalDate, calendar: WorkingDayCalendar, overrides?: TermConfig): LocalDate {
  assertLocalDate(start);
  const key = typeof term === 'string' ? term : term.key;
  if (!isTermKey(key)) throw new Error(`Unknown term "${key}": expected one of ${TERM_KEYS.join(', ')}`);
  const def = applyOverride(typeof term === 'string' ? DEFAULT_TERMS[key] : term, overrides?.[key]);
  switch (def.unit) {
    case 'werkdagen':
      return calendar.addWerkdagen(start, def.length);
    case 'dagen':
      return addDays(start, def.length);
    case 'weken':
      return addDays(start, 7 * def.length);
  }
}

/** A clock stop is tijdig when its local date is on or before the deadline date. */
export function isTijdig(stop: LocalDate, deadline: LocalDate): boolean {
  assertLocalDate(stop);
  assertLocalDate(deadline);
  return stop <= deadline;
}
