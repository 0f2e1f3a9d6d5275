import { z } from 'zod';
import { isGemeenteOf, findOrganisation } from '../../reference/src/organisations';
import * as E from './enumerations';

// The event catalogue of spec/events.md as zod schemas: the TypeScript types below are inferred
// from the same schemas that validate input at runtime, so the two cannot drift apart.

/** `^[A-Za-z0-9._-]{1,64}$`, and never exactly nine digits (the shape of a BSN). */
export const CASE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
const NINE_DIGITS = /^\d{9}$/;

/** Whether a text is a case id an event may carry (the pattern, and not a BSN's shape): for erase's `--case` and path too. */
export const isCaseId = (text: string): boolean => CASE_ID_PATTERN.test(text) && !NINE_DIGITS.test(text);

/**
 * A reason code (`RegistratieIngetrokken.reden`). The spec gives no list; free text is never
 * allowed (privacy), so a reason is a short lower-case code such as `registratiefout`.
 */
const REASON_CODE = /^[a-z][a-z0-9_]{0,39}$/;

const melderSchema = z.discriminatedUnion('soort', [
  z.strictObject({ soort: z.literal('beroepsmatig'), groep: z.enum(E.BEROEPSMATIGE_GROEPEN) }),
  z.strictObject({ soort: z.literal('particulier'), groep: z.enum(E.PARTICULIERE_GROEPEN) }),
]);

const aardSchema = z
  .array(z.enum(E.AARDEN))
  .min(1, 'must name at least one category')
  .refine((a) => new Set(a).size === a.length, 'must not repeat a category');

const gemeente = z.string().min(1);

export const dataSchemas = {
  AdviesvraagOntvangen: z.strictObject({ gemeente, vrager: melderSchema, aard: aardSchema, kanaal: z.enum(E.KANALEN).optional() }),
  AdviesvraagAfgerond: z.strictObject({ uitkomst: z.enum(E.UITKOMSTEN) }),
  MeldingOntvangen: z.strictObject({
    gemeente,
    melder: melderSchema,
    aard: aardSchema,
    crisis: z.boolean(),
    prioriteit: z.enum(E.PRIORITEITEN).optional(),
  }),
  VeiligheidsbeoordelingAfgerond: z.strictObject({ conclusie: z.enum(E.CONCLUSIES) }),
  TriagebesluitGenomen: z.strictObject({ besluit: z.enum(E.BESLUITEN), dienst: z.enum(E.DIENSTEN).optional() }),
  EersteContactGelegd: z.strictObject({}),
  PrioriteitVastgesteld: z.strictObject({ prioriteit: z.enum(E.PRIORITEITEN) }),
  ContactTijdensWachten: z.strictObject({ met: z.enum(E.CONTACT_MET) }),
  DienstGestart: z.strictObject({ dienst: z.enum(E.DIENSTEN) }),
  DienstAfgerond: z.strictObject({ dienst: z.enum(E.DIENSTEN) }),
  OverdrachtGedaan: z.strictObject({ soort: z.enum(E.OVERDRACHT_SOORTEN), partij: z.enum(E.PARTIJEN) }),
  MonitoringContactGehad: z.strictObject({ moment: z.enum(E.MONITORING_MOMENTEN) }),
  MonitoringAfgerond: z.strictObject({}),
  TijdelijkHuisverbodOpgelegd: z.strictObject({}),
  ZaakAfgesloten: z.strictObject({ reden: z.enum(E.AFSLUITREDENEN) }),
  RegistratieIngetrokken: z.strictObject({
    eventId: z.uuid(),
    reden: z.string().regex(REASON_CODE, 'must be a short lower-case code such as "registratiefout" (no free text)'),
  }),
  TermijnOverschreden: z.strictObject({ termijn: z.enum(E.TERMIJNEN), deadline: z.iso.date({ abort: true }).refine((d) => d >= '1990-01-01' && d < '2100-01-01', 'must lie between 1990-01-01 and 2100-01-01') }),
} satisfies Record<E.EventType, z.ZodType>;

export type EventData = { [T in E.EventType]: z.infer<(typeof dataSchemas)[T]> };

/**
 * The business times the monitor takes: from 1990 (well before Veilig Thuis, 2015, and its
 * predecessors' digital records) to 2100. A placeholder date from a source system
 * (`0001-01-01`, `9999-12-31`) is rejected here, with the record and field named, instead of
 * being stored and then breaking the calendar of every projection.
 */
const EARLIEST_OCCURRED = Date.parse('1990-01-01T00:00:00Z');
const LATEST_OCCURRED = Date.parse('2100-01-01T00:00:00Z');

/** The offset of an ISO timestamp in minutes (`Z` is 0); real offsets lie within ±14:00. */
function offsetMinutes(t: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(t);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

export const envelopeSchema = z.strictObject({
  id: z.uuid(),
  type: z.enum(E.EVENT_TYPES),
  organisation: z.string().refine((o) => findOrganisation(o) !== undefined, 'is not a known organisation code'),
  caseId: z
    .string()
    .regex(CASE_ID_PATTERN, 'must match ^[A-Za-z0-9._-]{1,64}$')
    .refine((c) => !NINE_DIGITS.test(c), 'must not be exactly nine digits (the shape of a BSN); use a prefix'),
  occurredAt: z.iso
    .datetime({ offset: true, local: false, abort: true, message: 'must be an ISO-8601 timestamp with an offset' })
    .refine((t) => Math.abs(offsetMinutes(t)) <= 14 * 60, 'must have an offset between -14:00 and +14:00')
    .refine((t) => {
      const ms = Date.parse(t);
      return ms >= EARLIEST_OCCURRED && ms < LATEST_OCCURRED;
    }, 'must lie between 1990-01-01 and 2100-01-01'),
  data: z.record(z.string(), z.unknown()),
});

/** An event of the catalogue, as sent by a registration system (before the store adds its fields). */
export type VtEvent = { [T in E.EventType]: { id: string; type: T; organisation: string; caseId: string; occurredAt: string; data: EventData[T] } }[E.EventType];
export type VtEventOf<T extends E.EventType> = Extract<VtEvent, { type: T }>;

/** Cross-field rules that a per-field schema cannot express. Returns [field, message] pairs. */
export function crossFieldProblems(event: VtEvent): [string, string][] {
  const problems: [string, string][] = [];
  if (event.type === 'MeldingOntvangen' || event.type === 'AdviesvraagOntvangen') {
    // Also asked of data with problems elsewhere (every problem of a record at once): only of a string.
    if (typeof event.data.gemeente === 'string' && !isGemeenteOf(event.organisation, event.data.gemeente)) {
      // The value is quoted only when it has the shape of a CBS code: anything else may be free text (an address).
      const shown = /^GM\d{4}$/.test(event.data.gemeente) ? `"${event.data.gemeente}" ` : '';
      problems.push(['data.gemeente', `${shown}is not a municipality code (GMnnnn) of ${event.organisation} (nor "overig")`]);
    }
  }
  // Only of a besluit of the catalogue (another value is reported as such, and may be free text).
  if (event.type === 'TriagebesluitGenomen' && (E.BESLUITEN as readonly unknown[]).includes(event.data.besluit)) {
    const needsDienst = event.data.besluit === 'vervolgstappen_veilig_thuis';
    if (needsDienst && event.data.dienst === undefined) problems.push(['data.dienst', 'is required when besluit is vervolgstappen_veilig_thuis']);
    if (!needsDienst && event.data.dienst !== undefined) problems.push(['data.dienst', `is only allowed when besluit is vervolgstappen_veilig_thuis, not ${event.data.besluit}`]);
  }
  return problems;
}
