import { randomUUID } from 'node:crypto';
import { rawMelding } from '../../../test/support/event-factory';
import { EVENT_TYPES, type EventType } from './enumerations';
import { validateEvent, type ValidationProblem } from './validate-event';

// One test per rule of spec/events.md. Every case starts from a valid event and breaks one thing.

const INDEX = 7;
const LINE = 12;

/** One valid `data` per type of the catalogue. */
const VALID_DATA = {
  AdviesvraagOntvangen: { gemeente: 'GM0193', vrager: { soort: 'particulier', groep: 'familielid' }, aard: ['kindermishandeling'], kanaal: 'chat' },
  AdviesvraagAfgerond: { uitkomst: 'melding' },
  MeldingOntvangen: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['partnergeweld'], crisis: true, prioriteit: 'acuut' },
  VeiligheidsbeoordelingAfgerond: { conclusie: 'vermoeden_structurele_onveiligheid' },
  TriagebesluitGenomen: { besluit: 'vervolgstappen_veilig_thuis', dienst: 'onderzoek' },
  EersteContactGelegd: {},
  PrioriteitVastgesteld: { prioriteit: 'hoog' },
  ContactTijdensWachten: { met: 'lokaal_team' },
  DienstGestart: { dienst: 'voorwaarden_en_vervolg' },
  DienstAfgerond: { dienst: 'zicht_op_veiligheid' },
  OverdrachtGedaan: { soort: 'na_actieve_betrokkenheid', partij: 'veilig_thuis_andere_regio' },
  MonitoringContactGehad: { moment: '3_maanden' },
  MonitoringAfgerond: {},
  TijdelijkHuisverbodOpgelegd: {},
  ZaakAfgesloten: { reden: 'geen_vervolg' },
  RegistratieIngetrokken: { eventId: randomUUID(), reden: 'registratiefout' },
  TermijnOverschreden: { termijn: 'eerste_contact', deadline: '2024-03-14' },
} satisfies Record<EventType, Record<string, unknown>>;

/** A valid raw event of `type` (envelope of `rawMelding()`), with `data` merged over the valid example. */
function rawOf(type: EventType, data: Record<string, unknown> = {}): Record<string, any> {
  return { ...rawMelding(), type, data: { ...structuredClone(VALID_DATA[type]), ...data } };
}

/** Validates at index 7, line 12; checks every problem carries both. */
function problemsOf(raw: unknown): ValidationProblem[] {
  const result = validateEvent(raw, INDEX, LINE);
  if (result.ok) return [];
  for (const p of result.problems) {
    expect(p.index).toBe(INDEX);
    expect(p.line).toBe(LINE);
  }
  return result.problems;
}

function expectValid(raw: unknown): void {
  expect(problemsOf(raw)).toEqual([]);
}

/** The record is rejected with exactly one problem, at `field`. */
function expectRejectedAt(raw: unknown, field: string): void {
  expect(problemsOf(raw).map((p) => p.field)).toEqual([field]);
}

describe('validateEvent: valid events', () => {
  it('has one valid example for every type of the catalogue', () => {
    expect(Object.keys(VALID_DATA).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(EVENT_TYPES)('accepts a valid %s', (type) => {
    const raw = rawOf(type);
    const result = validateEvent(raw, INDEX, LINE);
    expect(result).toEqual({ ok: true, event: raw });
  });

  it('accepts the factory melding without optional fields (prioriteit, kanaal)', () => {
    expectValid(rawMelding());
    const advies = rawOf('AdviesvraagOntvangen');
    delete advies.data.kanaal;
    expectValid(advies);
  });
});

describe('validateEvent: index and line', () => {
  it('reports the index and the line given to it', () => {
    const raw = { ...rawMelding(), organisation: 'VTXX' };
    expect(validateEvent(raw, 3, 40)).toEqual({ ok: false, problems: [expect.objectContaining({ index: 3, line: 40, field: 'organisation' })] });
  });

  it('leaves line out when there is none (an HTTP body)', () => {
    const result = validateEvent({ ...rawMelding(), organisation: 'VTXX' }, 3);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).not.toHaveProperty('line');
  });
});

describe('validateEvent: envelope', () => {
  it.each(['id', 'type', 'organisation', 'caseId', 'occurredAt', 'data'])('rejects a missing envelope field %s', (field) => {
    const raw = rawMelding();
    delete raw[field];
    expectRejectedAt(raw, field);
  });

  it('rejects an unknown envelope field', () => {
    expectRejectedAt({ ...rawMelding(), naam: 'x' }, 'naam');
  });

  it('rejects an unknown data field', () => {
    const raw = rawMelding();
    raw.data.geboortedatum = '2010-01-01';
    expectRejectedAt(raw, 'data.geboortedatum');
  });

  it('names the unknown field in its message', () => {
    const raw = rawMelding();
    raw.data.postcode = '8000AA';
    expect(problemsOf(raw)[0].message).toContain('postcode');
    expect(problemsOf({ ...rawMelding(), bsn: 'x' })[0].message).toContain('bsn');
  });

  it('names at most ten unknown fields of a record, and counts the rest', () => {
    const raw = rawMelding();
    for (let i = 0; i < 5000; i++) raw.data[`veld${i}`] = 'x';
    const [problem] = problemsOf(raw);
    expect(problem.message).toMatch(/^unknown fields "veld0", .*"veld9", 4990 more$/);
    expect(problem.message.length).toBeLessThan(200);
  });

  it('does not repeat a key that is not a field name (a CSV without its header makes cells the keys)', () => {
    const problems = problemsOf({ ...rawMelding(), 'Jan Jansen': 'x', 'Dorpsstraat 1, Deventer': 'y', Jansen: 'z' });
    expect(problems).toEqual([{ index: INDEX, line: LINE, field: '', message: 'unknown fields 3 others not named (not field names)' }]);
    const mixed = problemsOf({ ...rawMelding(), naam: 'x', 'Jan Jansen': 'y' });
    expect(mixed).toEqual([{ index: INDEX, line: LINE, field: 'naam', message: 'unknown fields "naam", 1 other not named (not field names)' }]);
  });

  it('rejects an id that is not a UUID', () => {
    expectRejectedAt({ ...rawMelding(), id: 'melding-1' }, 'id');
  });

  it('rejects an unknown type', () => {
    expectRejectedAt({ ...rawMelding(), type: 'MeldingGedaan' }, 'type');
  });

  it('rejects an unknown organisation', () => {
    expectRejectedAt({ ...rawMelding(), organisation: 'VTXX' }, 'organisation');
  });

  it.each(['VTIJ 1001', 'VTIJ/1001', 'VTIJ#1', 'zaak:1', 'é1'])('rejects caseId %p with a character outside [A-Za-z0-9._-]', (caseId) => {
    expectRejectedAt({ ...rawMelding(), caseId }, 'caseId');
  });

  it('rejects a caseId longer than 64 characters, accepts 64', () => {
    expectRejectedAt({ ...rawMelding(), caseId: 'A'.repeat(65) }, 'caseId');
    expectValid({ ...rawMelding(), caseId: 'A'.repeat(64) });
  });

  it('rejects an empty caseId', () => {
    expectRejectedAt({ ...rawMelding(), caseId: '' }, 'caseId');
  });

  it('rejects a caseId of exactly nine digits (the shape of a BSN)', () => {
    expectRejectedAt({ ...rawMelding(), caseId: '123456789' }, 'caseId');
  });

  it.each(['12345678', '1234567890', 'VT123456789', 'vt.1001_a-b'])('accepts caseId %p', (caseId) => {
    expectValid({ ...rawMelding(), caseId });
  });

  it.each(['2024-03-04T10:00:00', '2024-03-04'])('rejects occurredAt %p (no offset)', (occurredAt) => {
    expectRejectedAt({ ...rawMelding(), occurredAt }, 'occurredAt');
  });

  it.each(['2024-03-04T09:00:00Z', '2024-03-04T11:00:00+02:00', '2024-03-04T10:00:00.123+01:00'])('accepts occurredAt %p', (occurredAt) => {
    expectValid({ ...rawMelding(), occurredAt });
  });

  it.each([['an array', []], ['a string', 'MeldingOntvangen'], ['null', null], ['a number', 42]])('rejects %s instead of an object, with field ""', (_, raw) => {
    expectRejectedAt(raw, '');
  });
});

describe('validateEvent: gemeente', () => {
  it.each(['MeldingOntvangen', 'AdviesvraagOntvangen'] as const)('%s: rejects a gemeente of another organisation (GM0200 is VTNOG’s, not VTIJ’s)', (type) => {
    expectRejectedAt({ ...rawOf(type, { gemeente: 'GM0200' }), organisation: 'VTIJ' }, 'data.gemeente');
    expectValid({ ...rawOf(type, { gemeente: 'GM0200' }), organisation: 'VTNOG' });
  });

  it('rejects an unknown gemeente code', () => {
    expectRejectedAt(rawOf('MeldingOntvangen', { gemeente: 'GM9999' }), 'data.gemeente');
  });

  it('reports a wrong gemeente beside other problems of the record, all at once', () => {
    const raw = { ...rawOf('MeldingOntvangen', { gemeente: 'GM0200', notitie: 'x' }), organisation: 'VTIJ', occurredAt: '0001-01-01T00:00:00+01:00' };
    expect(problemsOf(raw).map((p) => p.field).sort()).toEqual(['data.gemeente', 'data.notitie', 'occurredAt']);
    // A gemeente not shaped like a code is reported once, by the shape rule, and not repeated.
    const shaped = problemsOf(rawOf('MeldingOntvangen', { gemeente: 'Kerkstraat 1', notitie: 'x' }));
    expect(shaped.filter((p) => p.field === 'data.gemeente')).toHaveLength(1);
    expect(JSON.stringify(shaped)).not.toMatch(/Kerkstraat/);
  });

  it.each(['MeldingOntvangen', 'AdviesvraagOntvangen'] as const)('%s: accepts "overig"', (type) => {
    expectValid(rawOf(type, { gemeente: 'overig' }));
  });
});

describe('validateEvent: enumerations', () => {
  it.each<[string, Record<string, any>, string]>([
    ['dienst (DienstGestart)', rawOf('DienstGestart', { dienst: 'wachtlijst' }), 'data.dienst'],
    ['dienst (DienstAfgerond)', rawOf('DienstAfgerond', { dienst: 'Onderzoek' }), 'data.dienst'],
    ['dienst (TriagebesluitGenomen)', rawOf('TriagebesluitGenomen', { dienst: 'hulpverlening' }), 'data.dienst'],
    ['besluit', rawOf('TriagebesluitGenomen', { besluit: 'doorverwijzen', dienst: undefined }), 'data.besluit'],
    ['prioriteit (PrioriteitVastgesteld)', rawOf('PrioriteitVastgesteld', { prioriteit: 'spoed' }), 'data.prioriteit'],
    ['prioriteit (MeldingOntvangen)', rawOf('MeldingOntvangen', { prioriteit: 'normaal' }), 'data.prioriteit'],
    ['aard item', rawOf('MeldingOntvangen', { aard: ['partnergeweld', 'stalking'] }), 'data.aard.1'],
    ['melder soort', rawOf('MeldingOntvangen', { melder: { soort: 'anoniem', groep: 'anders' } }), 'data.melder.soort'],
    ['melder groep', rawOf('MeldingOntvangen', { melder: { soort: 'beroepsmatig', groep: 'politie' } }), 'data.melder.groep'],
    ['melder groep: a beroepsmatig groep with soort particulier', rawOf('MeldingOntvangen', { melder: { soort: 'particulier', groep: 'medisch' } }), 'data.melder.groep'],
    ['melder groep: a particulier groep with soort beroepsmatig', rawOf('MeldingOntvangen', { melder: { soort: 'beroepsmatig', groep: 'familielid' } }), 'data.melder.groep'],
    ['vrager groep', rawOf('AdviesvraagOntvangen', { vrager: { soort: 'particulier', groep: 'onderwijs' } }), 'data.vrager.groep'],
    ['conclusie', rawOf('VeiligheidsbeoordelingAfgerond', { conclusie: 'onveilig' }), 'data.conclusie'],
    ['partij', rawOf('OverdrachtGedaan', { partij: 'huisarts' }), 'data.partij'],
    ['soort of overdracht', rawOf('OverdrachtGedaan', { soort: 'indirect' }), 'data.soort'],
    ['termijn', rawOf('TermijnOverschreden', { termijn: 'wachttijd' }), 'data.termijn'],
    ['kanaal', rawOf('AdviesvraagOntvangen', { kanaal: 'brief' }), 'data.kanaal'],
    ['uitkomst', rawOf('AdviesvraagAfgerond', { uitkomst: 'doorverwezen' }), 'data.uitkomst'],
    ['met', rawOf('ContactTijdensWachten', { met: 'huisarts' }), 'data.met'],
    ['moment', rawOf('MonitoringContactGehad', { moment: '6_maanden' }), 'data.moment'],
    ['reden of ZaakAfgesloten', rawOf('ZaakAfgesloten', { reden: 'verhuisd' }), 'data.reden'],
  ])('rejects a wrong %s', (_, raw, field) => {
    expectRejectedAt(raw, field);
  });

  it('rejects an empty aard', () => {
    expectRejectedAt(rawOf('MeldingOntvangen', { aard: [] }), 'data.aard');
  });

  it('rejects an aard with a repeated category', () => {
    expectRejectedAt(rawOf('MeldingOntvangen', { aard: ['partnergeweld', 'kindermishandeling', 'partnergeweld'] }), 'data.aard');
  });

  it('accepts an aard with two different categories', () => {
    expectValid(rawOf('MeldingOntvangen', { aard: ['partnergeweld', 'kindermishandeling'] }));
  });
});

describe('validateEvent: TriagebesluitGenomen dienst', () => {
  it('requires dienst when besluit is vervolgstappen_veilig_thuis', () => {
    expectRejectedAt(rawOf('TriagebesluitGenomen', { besluit: 'vervolgstappen_veilig_thuis', dienst: undefined }), 'data.dienst');
  });

  it.each(['overdracht', 'geen_vervolgstappen', 'regionale_maatwerktaak'])('forbids dienst when besluit is %s, accepts it without', (besluit) => {
    expectRejectedAt(rawOf('TriagebesluitGenomen', { besluit, dienst: 'onderzoek' }), 'data.dienst');
    expectValid(rawOf('TriagebesluitGenomen', { besluit, dienst: undefined }));
  });
});

describe('validateEvent: other data rules', () => {
  it('requires crisis to be a boolean (the string "true" is refused)', () => {
    expectRejectedAt(rawOf('MeldingOntvangen', { crisis: 'true' }), 'data.crisis');
    expectValid(rawOf('MeldingOntvangen', { crisis: false }));
  });

  it('requires RegistratieIngetrokken.eventId to be a UUID', () => {
    expectRejectedAt(rawOf('RegistratieIngetrokken', { eventId: 'melding-1' }), 'data.eventId');
  });

  it('refuses free text as RegistratieIngetrokken.reden, accepts a code', () => {
    expectRejectedAt(rawOf('RegistratieIngetrokken', { reden: 'Foute registratie door Jan' }), 'data.reden');
    expectValid(rawOf('RegistratieIngetrokken', { reden: 'registratiefout' }));
  });

  it.each(['2024-03-14T00:00:00+01:00', '14-03-2024', '2024-3-14', '2024-02-30'])('requires TermijnOverschreden.deadline to be a date YYYY-MM-DD, not %p', (deadline) => {
    expectRejectedAt(rawOf('TermijnOverschreden', { deadline }), 'data.deadline');
  });
});

describe('validateEvent: occurredAt within the range the calendar takes', () => {
  it.each([
    ['0001-01-01T10:00:00+01:00', 'must lie between 1990-01-01 and 2100-01-01'], // a source system's empty date
    ['9999-12-31T23:30:00-01:00', 'must lie between 1990-01-01 and 2100-01-01'], // local year 10000 in Amsterdam
    ['0000-01-01T00:00:00Z', 'must lie between 1990-01-01 and 2100-01-01'],
    ['1989-12-31T22:59:59Z', 'must lie between 1990-01-01 and 2100-01-01'],
    ['2100-01-01T00:00:00Z', 'must lie between 1990-01-01 and 2100-01-01'],
    ['2024-03-04T10:00:00+16:00', 'must have an offset between -14:00 and +14:00'], // PostgreSQL refuses it
    ['2024-03-04T10:00:00-23:59', 'must have an offset between -14:00 and +14:00'],
    ['garbage', 'must be an ISO-8601 timestamp with an offset'],
  ])('rejects %p with one problem at occurredAt', (occurredAt, message) => {
    expect(problemsOf({ ...rawMelding(), occurredAt })).toEqual([{ index: INDEX, line: LINE, field: 'occurredAt', message }]);
  });

  it.each(['1990-01-01T00:00:00Z', '2099-12-31T23:59:59Z', '2024-03-04T10:00:00+14:00', '2024-03-04T10:00:00-12:00'])('accepts %p', (occurredAt) => {
    expectValid({ ...rawMelding(), occurredAt });
  });

  it('rejects a TermijnOverschreden.deadline outside that range', () => {
    expectRejectedAt(rawOf('TermijnOverschreden', { deadline: '0001-01-01' }), 'data.deadline');
  });
});

describe('validateEvent: messages that say what is wrong', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['a boolean given as a string', { crisis: 'false' }, 'data.crisis', 'must be a boolean, not a string'],
    ['a list given as a string', { aard: 'partnergeweld' }, 'data.aard', 'must be an array, not a string'],
    ['an object given as null', { melder: null }, 'data.melder', 'must be an object, not null'],
  ])('%s', (_, data, field, message) => {
    expect(problemsOf(rawOf('MeldingOntvangen', data))).toEqual([{ index: INDEX, line: LINE, field, message }]);
  });

  it('says a missing enumeration field is required (not "must be one of")', () => {
    const raw = rawOf('DienstAfgerond');
    delete raw.data.dienst;
    expect(problemsOf(raw)).toEqual([{ index: INDEX, line: LINE, field: 'data.dienst', message: 'is required' }]);
  });
});

describe('validateEvent: privacy of messages', () => {
  const BSN_LIKE = '987654321';

  it.each<[string, Record<string, any>]>([
    ['alone', {}],
    ['with an unknown field', { naam: 'x' }],
    ['with an unknown organisation', { organisation: 'VTXX' }],
    ['with a bad occurredAt', { occurredAt: '2024-03-04' }],
    ['with a gemeente of another organisation', { data: { ...rawMelding().data, gemeente: 'GM0200' } }],
    ['with a wrong enumeration', { data: { ...rawMelding().data, melder: { soort: 'particulier', groep: 'medisch' } } }],
    ['with an unknown data field', { data: { ...rawMelding().data, bsn: 'x' } }],
  ])('never puts a rejected nine-digit caseId in a message (%s)', (_, change) => {
    const problems = problemsOf({ ...rawMelding(), caseId: BSN_LIKE, ...change });
    expect(problems.map((p) => p.field)).toContain('caseId');
    for (const p of problems) expect(p.message).not.toContain(BSN_LIKE);
  });

  it('does not repeat a gemeente that is not a CBS code (it may be an address); a code it names', () => {
    const [address] = problemsOf(rawOf('MeldingOntvangen', { gemeente: 'Jan Jansen Dorpsstraat 1' }));
    expect(address).toMatchObject({ field: 'data.gemeente' });
    expect(address.message).not.toContain('Jansen');
    expect(problemsOf({ ...rawOf('MeldingOntvangen', { gemeente: 'GM0200' }), organisation: 'VTIJ' })[0].message).toContain('"GM0200"');
  });
});
