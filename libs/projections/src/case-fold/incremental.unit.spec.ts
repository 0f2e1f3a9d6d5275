import fc from 'fast-check';
import { DateTime } from 'luxon';
import { createProjectionConfig } from '../config/projection-config';
import { buildFlowRows } from '../report/flow-rows';
import type { ReportRow } from '../report/report.types';
import { buildStockRows, openAt } from '../report/stock-rows';
import type { CaseEvent } from './case-event';
import type { CaseDerivation } from './derived';
import { foldCase } from './fold-case';

// Property: the read model kept up to date batch by batch (refolding only the cases a batch
// touches, as libs/read-model/src/apply-events.ts does in SQL) ends where a fold of the whole,
// deduplicated history from scratch ends, whatever the arrival order, the batching, the duplicate
// deliveries and the retractions. And the from-scratch fold does not depend on the input order.

const config = createProjectionConfig();
const ORG = 'VTIJ';
const MINUTE = 60_000;
const START_2024 = Date.parse('2024-01-01T00:00:00+01:00');

const GEMEENTEN = ['GM0148', 'GM0150', 'GM0166', 'GM0193', 'overig'];
const MELDERS = [
  { soort: 'beroepsmatig', groep: 'medisch' },
  { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' },
  { soort: 'beroepsmatig', groep: 'onderwijs' },
  { soort: 'particulier', groep: 'familielid' },
  { soort: 'particulier', groep: 'buurtbewoner' },
];
const AARDEN = ['partnergeweld', 'kindermishandeling', 'ouderenmishandeling', 'geweld_tegen_ouders', 'huiselijk_geweld_overig', 'andere_problematiek', 'onbekend'];
const PRIORITEITEN = ['acuut', 'hoog', 'midden', 'laag'];
const CONCLUSIES = ['acute_onveiligheid', 'vermoeden_structurele_onveiligheid', 'geen_zorgen', 'structurele_onveiligheid'];
const BESLUITEN = ['vervolgstappen_veilig_thuis', 'vervolgstappen_veilig_thuis', 'overdracht', 'geen_vervolgstappen', 'regionale_maatwerktaak'];
const DIENSTEN = ['voorwaarden_en_vervolg', 'onderzoek', 'zicht_op_veiligheid'];
const PARTIJEN = ['sociaal_team', 'jeugdhulp', 'ggz', 'veilig_thuis_andere_regio'];
const TERMIJNEN = ['veiligheidsbeoordeling', 'triage', 'eerste_contact', 'voorwaarden_en_vervolg', 'onderzoek'];
// Follow-up steps, the common ones listed more than once so that they come up more often.
const STEP_KINDS = [
  'vb',
  'eerste_contact',
  'prioriteit',
  'triage',
  'triage',
  'contact',
  'contact',
  'start',
  'start',
  'afgerond',
  'afgerond',
  'overdracht',
  'huisverbod',
  'monitoring_contact',
  'monitoring_afgerond',
  'termijn_overschreden',
  'afgesloten',
] as const;

interface CaseHistory {
  events: CaseEvent[];
}
interface Scenario {
  /** Everything the sender delivers, duplicates included, in generation order. */
  deliveries: CaseEvent[];
}

/** Counter-based UUIDs (v4 shape); unique within one generated scenario. */
function uuidFactory() {
  let n = 0;
  return () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`;
}

/** An ISO timestamp with an offset: Amsterdam local with its offset, or UTC with Z. */
const iso = (ms: number, utc: boolean) => (utc ? new Date(ms).toISOString() : DateTime.fromMillis(ms, { zone: 'Europe/Amsterdam' }).toISO()!);

const gapArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) }, // same instant: ties of the registration system
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 3 * 24 * 60 }) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 40 * 24 * 60 }) },
  { weight: 1, arbitrary: fc.integer({ min: -5 * 24 * 60, max: -1 }) }, // a step dated before the previous one
);

const caseArb = fc.record({
  advies: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 4, arbitrary: fc.constant(false) }),
  withMelding: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  start: fc.integer({ min: 0, max: 330 * 24 * 60 }),
  gemeente: fc.constantFrom(...GEMEENTEN),
  melder: fc.constantFrom(...MELDERS),
  aard: fc.shuffledSubarray(AARDEN, { minLength: 1, maxLength: 3 }),
  crisis: fc.boolean(),
  prioriteit: fc.option(fc.constantFrom(...PRIORITEITEN), { nil: undefined }),
  steps: fc.array(fc.record({ gap: gapArb, kind: fc.constantFrom(...STEP_KINDS), a: fc.nat(), b: fc.nat(), utc: fc.boolean() }), { maxLength: 14 }),
  retractions: fc.array(fc.record({ target: fc.nat(), gap: fc.integer({ min: -2 * 24 * 60, max: 10 * 24 * 60 }) }), { maxLength: 3 }),
  retractUnknown: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 6, arbitrary: fc.constant(false) }),
  retractRetraction: fc.oneof({ weight: 1, arbitrary: fc.constant(true) }, { weight: 6, arbitrary: fc.constant(false) }),
  duplicates: fc.array(fc.nat(), { maxLength: 4 }),
});
type CaseSpec = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

/** A plausible history of one case from its spec: the catalogue's types with valid data. */
function buildCase(spec: CaseSpec, caseId: string, uuid: () => string): CaseHistory {
  const events: CaseEvent[] = [];
  let t = START_2024 + spec.start * MINUTE;
  const add = (type: string, at: number, data: Record<string, any>, utc = false) => {
    const e: CaseEvent = { id: uuid(), type, organisation: ORG, caseId, occurredAt: iso(at, utc), recordedAt: new Date(at + 3_600_000).toISOString(), data };
    events.push(e);
    return e;
  };
  if (spec.advies) {
    add('AdviesvraagOntvangen', t, { gemeente: spec.gemeente, vrager: spec.melder, aard: spec.aard, ...(spec.crisis ? { kanaal: 'telefoon' } : {}) });
    t += 30 * MINUTE;
    add('AdviesvraagAfgerond', t, { uitkomst: spec.withMelding ? 'melding' : 'advies' });
    if (!spec.withMelding) return { events };
    t += 60 * MINUTE;
  }
  if (spec.withMelding) {
    add('MeldingOntvangen', t, { gemeente: spec.gemeente, melder: spec.melder, aard: spec.aard, crisis: spec.crisis, ...(spec.prioriteit ? { prioriteit: spec.prioriteit } : {}) });
  }
  let dienst: string | undefined;
  for (const s of spec.steps) {
    t += s.gap * MINUTE;
    const at = (type: string, data: Record<string, any> = {}) => add(type, t, data, s.utc);
    switch (s.kind) {
      case 'vb':
        at('VeiligheidsbeoordelingAfgerond', { conclusie: CONCLUSIES[s.a % CONCLUSIES.length] });
        break;
      case 'eerste_contact':
        at('EersteContactGelegd');
        break;
      case 'prioriteit':
        at('PrioriteitVastgesteld', { prioriteit: PRIORITEITEN[s.a % PRIORITEITEN.length] });
        break;
      case 'triage': {
        const besluit = BESLUITEN[s.a % BESLUITEN.length];
        if (besluit === 'vervolgstappen_veilig_thuis') dienst = DIENSTEN[s.b % DIENSTEN.length];
        at('TriagebesluitGenomen', besluit === 'vervolgstappen_veilig_thuis' ? { besluit, dienst } : { besluit });
        break;
      }
      case 'contact':
        at('ContactTijdensWachten', { met: ['melder', 'directbetrokkenen', 'lokaal_team'][s.a % 3] });
        break;
      case 'start':
        at('DienstGestart', { dienst: dienst ?? DIENSTEN[s.b % DIENSTEN.length] });
        break;
      case 'afgerond':
        at('DienstAfgerond', { dienst: s.b % 4 === 0 ? DIENSTEN[s.a % DIENSTEN.length] : (dienst ?? DIENSTEN[s.a % DIENSTEN.length]) });
        break;
      case 'overdracht':
        at('OverdrachtGedaan', { soort: s.a % 2 === 0 ? 'direct' : 'na_actieve_betrokkenheid', partij: PARTIJEN[s.b % PARTIJEN.length] });
        break;
      case 'huisverbod':
        at('TijdelijkHuisverbodOpgelegd');
        break;
      case 'monitoring_contact':
        at('MonitoringContactGehad', { moment: ['3_maanden', '12_maanden', 'extra'][s.a % 3] });
        break;
      case 'monitoring_afgerond':
        at('MonitoringAfgerond');
        break;
      case 'termijn_overschreden':
        at('TermijnOverschreden', { termijn: TERMIJNEN[s.a % TERMIJNEN.length], deadline: DateTime.fromMillis(t, { zone: 'Europe/Amsterdam' }).minus({ days: 1 }).toISODate() });
        break;
      case 'afgesloten':
        at('ZaakAfgesloten', { reden: ['afgerond', 'geen_vervolg', 'samengevoegd', 'overig'][s.a % 4] });
        break;
    }
  }
  // Registration errors: retractions of earlier events, of an unknown one, of a retraction.
  const base = [...events];
  const retractions: CaseEvent[] = [];
  for (const r of spec.retractions) {
    if (base.length === 0) break;
    const target = base[r.target % base.length];
    retractions.push(add('RegistratieIngetrokken', Date.parse(target.occurredAt) + r.gap * MINUTE, { eventId: target.id, reden: 'registratiefout' }));
  }
  if (spec.retractUnknown) add('RegistratieIngetrokken', t + MINUTE, { eventId: 'ffffffff-ffff-4fff-8fff-ffffffffffff', reden: 'registratiefout' });
  if (spec.retractRetraction && retractions.length > 0) add('RegistratieIngetrokken', t + 2 * MINUTE, { eventId: retractions[0].id, reden: 'registratiefout' });
  return { events };
}

const scenarioArb: fc.Arbitrary<Scenario> = fc.array(caseArb, { minLength: 1, maxLength: 4 }).map((specs) => {
  const uuid = uuidFactory();
  const deliveries: CaseEvent[] = [];
  specs.forEach((spec, i) => {
    const { events } = buildCase(spec, `C-${i + 1}`, uuid);
    deliveries.push(...events);
    // Duplicate deliveries: the same event (same id, same body) sent again.
    for (const d of spec.duplicates) if (events.length > 0) deliveries.push(JSON.parse(JSON.stringify(events[d % events.length])));
  });
  return { deliveries };
});

/** A scenario, its arrival order (a permutation), the batch sizes and the instants to read stocks at. */
const runArb = scenarioArb.chain((scenario) =>
  fc.record({
    scenario: fc.constant(scenario),
    arrival: fc.shuffledSubarray(scenario.deliveries, { minLength: scenario.deliveries.length, maxLength: scenario.deliveries.length }),
    batchSizes: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 20 }),
    instants: fc.array(fc.integer({ min: START_2024, max: Date.parse('2025-06-30T00:00:00+02:00') }), { minLength: 1, maxLength: 3 }),
  }),
);

const caseKeyOf = (e: CaseEvent) => `${e.organisation}/${e.caseId}`;

/** Splits the arrival into batches of the given sizes (cycled), the last one taking the rest. */
function batchesOf<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  for (let i = 0, k = 0; i < items.length; k++) {
    const size = sizes[k % sizes.length];
    out.push(items.slice(i, i + size));
    i += size;
  }
  return out;
}

/**
 * The projection runner in memory: rm_case_events is a Map caseKey → (id → event) where a
 * repeated id is ignored (ON CONFLICT DO NOTHING); after each batch the touched cases are folded
 * again from all their stored events and their derived rows replaced.
 */
function runIncrementally(batches: readonly CaseEvent[][]): Map<string, CaseDerivation> {
  const stored = new Map<string, Map<string, CaseEvent>>();
  const derived = new Map<string, CaseDerivation>();
  for (const batch of batches) {
    const touched = new Set<string>();
    for (const e of batch) {
      const key = caseKeyOf(e);
      touched.add(key);
      let events = stored.get(key);
      if (!events) stored.set(key, (events = new Map()));
      if (!events.has(e.id)) events.set(e.id, e);
    }
    for (const key of touched) derived.set(key, foldCase([...stored.get(key)!.values()], config));
  }
  return derived;
}

/** From scratch: deduplicate the whole history by id, then fold each case once. */
function foldFromScratch(deliveries: readonly CaseEvent[]): Map<string, CaseDerivation> {
  const byId = new Map<string, CaseEvent>();
  for (const e of deliveries) if (!byId.has(e.id)) byId.set(e.id, e);
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of byId.values()) {
    let list = byCase.get(caseKeyOf(e));
    if (!list) byCase.set(caseKeyOf(e), (list = []));
    list.push(e);
  }
  return new Map([...byCase].map(([key, events]) => [key, foldCase(events, config)]));
}

const canon = (x: unknown) => JSON.stringify(x);
const byCanon = <T>(items: readonly T[]) => [...items].sort((a, b) => (canon(a) < canon(b) ? -1 : canon(a) > canon(b) ? 1 : 0));

/** Derivations per case, keyed and in a fixed order (quality issues are a set, as in rm_quality). */
function perCase(derived: Map<string, CaseDerivation>) {
  return Object.fromEntries([...derived].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, d]) => [key, { ...d, issues: byCanon(d.issues) }]));
}

/** What the read model answers: flow rows for the whole history and for one quarter, stock rows at the instants. */
function answers(derived: Map<string, CaseDerivation>, instants: readonly number[]) {
  const all = [...derived.values()];
  const facts = all.flatMap((d) => d.facts);
  const spans = all.flatMap((d) => d.spans);
  const q2 = facts.filter((f) => f.date >= '2024-04-01' && f.date <= '2024-06-30');
  const stocks: Record<string, ReportRow[]> = {};
  for (const t of [...instants, Date.parse('2024-06-30T23:59:59.999+02:00'), Date.parse('2024-12-31T23:59:59.999+01:00')]) {
    stocks[new Date(t).toISOString()] = buildStockRows(openAt(spans, t), t);
  }
  return {
    flows: buildFlowRows(facts),
    flowsQ2: buildFlowRows(q2),
    flowsByGemeenteDienst: buildFlowRows(facts, { by: ['gemeente', 'dienst'] }),
    stocks,
  };
}

describe('incremental refolding equals a fold from scratch (property)', () => {
  it('gives the same derivations, flow rows and stock rows for any arrival order, batching, duplicates and retractions', () => {
    fc.assert(
      fc.property(runArb, ({ scenario, arrival, batchSizes, instants }) => {
        const incremental = runIncrementally(batchesOf(arrival, batchSizes));
        const scratch = foldFromScratch(scenario.deliveries);
        expect(perCase(incremental)).toEqual(perCase(scratch));
        expect(answers(incremental, instants)).toEqual(answers(scratch, instants));
      }),
      { numRuns: 200 },
    );
  });

  it('the fold from scratch is independent of the input order', () => {
    fc.assert(
      fc.property(runArb, ({ scenario, arrival, instants }) => {
        const inOrder = foldFromScratch(scenario.deliveries);
        const shuffled = foldFromScratch(arrival);
        const reversed = foldFromScratch([...scenario.deliveries].reverse());
        expect(perCase(shuffled)).toEqual(perCase(inOrder));
        expect(perCase(reversed)).toEqual(perCase(inOrder));
        expect(answers(shuffled, instants)).toEqual(answers(inOrder, instants));
      }),
      { numRuns: 200 },
    );
  });

  it('generates the histories it claims to: duplicates, retractions, closures and the main lifecycle steps come up', () => {
    const seen = new Map<string, number>();
    const count = (what: string) => seen.set(what, (seen.get(what) ?? 0) + 1);
    fc.assert(
      fc.property(scenarioArb, ({ deliveries }) => {
        const ids = new Set<string>();
        for (const e of deliveries) {
          if (ids.has(e.id)) count('duplicate');
          ids.add(e.id);
          count(e.type);
        }
        const derived = foldFromScratch(deliveries);
        for (const d of derived.values()) for (const i of d.issues) count(i.kind);
      }),
      { numRuns: 200, seed: 42 },
    );
    for (const what of [
      'duplicate',
      'MeldingOntvangen',
      'AdviesvraagOntvangen',
      'TriagebesluitGenomen',
      'DienstGestart',
      'DienstAfgerond',
      'OverdrachtGedaan',
      'PrioriteitVastgesteld',
      'ContactTijdensWachten',
      'ZaakAfgesloten',
      'RegistratieIngetrokken',
      'event_na_afsluiting',
      'event_zonder_melding',
      'dienst_afgerond_zonder_start',
      'intrekking_van_onbekend_event',
      'intrekking_van_intrekking',
    ]) {
      expect({ [what]: (seen.get(what) ?? 0) > 0 }).toEqual({ [what]: true });
    }
  });
});
