import { melding } from '../../../test/support/event-factory';
import { canonicalJson, eventFingerprint } from './canonical-json';
import type { VtEvent } from './event-catalogue';

describe('canonicalJson', () => {
  it('gives the same text whatever the key order, at every level', () => {
    const a = { type: 'MeldingOntvangen', data: { melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['partnergeweld'], crisis: false } };
    const b = { data: { crisis: false, aard: ['partnergeweld'], melder: { groep: 'medisch', soort: 'beroepsmatig' } }, type: 'MeldingOntvangen' };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(b)).toBe('{"data":{"aard":["partnergeweld"],"crisis":false,"melder":{"groep":"medisch","soort":"beroepsmatig"}},"type":"MeldingOntvangen"}');
  });

  it('keeps the order of arrays', () => {
    expect(canonicalJson(['a', 'b'])).not.toBe(canonicalJson(['b', 'a']));
  });
});

describe('eventFingerprint', () => {
  const base = melding('VTIJ-1001', '2024-03-04T10:00:00+01:00', { data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['partnergeweld'], crisis: false, prioriteit: 'hoog' } } as Partial<VtEvent>);
  const withData = (data: Record<string, unknown>): VtEvent => ({ ...base, data: { ...base.data, ...data } }) as VtEvent;

  it('is the same for the same instant written with different offsets', () => {
    const instants = ['2024-03-04T10:00:00+01:00', '2024-03-04T09:00:00Z', '2024-03-04T11:00:00+02:00', '2024-03-04T09:00:00.000+00:00'];
    const fingerprints = instants.map((occurredAt) => eventFingerprint({ ...base, occurredAt }));
    expect(new Set(fingerprints).size).toBe(1);
  });

  it('differs for another instant', () => {
    expect(eventFingerprint({ ...base, occurredAt: '2024-03-04T10:00:00Z' })).not.toBe(eventFingerprint(base));
  });

  it('is the same whatever the key order of data', () => {
    const reordered = { ...base, data: Object.fromEntries(Object.entries(base.data).reverse()) } as VtEvent;
    expect(eventFingerprint(reordered)).toBe(eventFingerprint(base));
  });

  it.each<[string, Record<string, unknown>]>([
    ['gemeente', { gemeente: 'GM0150' }],
    ['melder.soort', { melder: { soort: 'particulier', groep: 'familielid' } }],
    ['melder.groep', { melder: { soort: 'beroepsmatig', groep: 'onderwijs' } }],
    ['aard', { aard: ['partnergeweld', 'kindermishandeling'] }],
    ['crisis', { crisis: true }],
    ['prioriteit', { prioriteit: 'laag' }],
  ])('differs when data.%s differs', (_, change) => {
    expect(eventFingerprint(withData(change))).not.toBe(eventFingerprint(base));
  });

  it.each<[string, Partial<VtEvent>]>([
    ['type', { type: 'AdviesvraagOntvangen' }],
    ['organisation', { organisation: 'VTNOG' }],
    ['caseId', { caseId: 'VTIJ-1002' }],
  ])('differs when %s differs', (_, change) => {
    expect(eventFingerprint({ ...base, ...change } as VtEvent)).not.toBe(eventFingerprint(base));
  });

  it('ignores id', () => {
    expect(eventFingerprint({ ...base, id: '1b4e28ba-2fa1-41d2-883f-0016d3cca427' })).toBe(eventFingerprint(base));
  });
});
