import { randomUUID } from 'node:crypto';
import { createTestDatabase, describeWithPostgres } from '../../../../test/support/services';
import { createProjectionConfig } from '../../../../libs/projections/src';
import { startService, type RunningService } from '../start-service';
import { VtMetrics } from './vt-metrics';

/**
 * Hand-worked clock stops of 2024-Q2 on either side of each term's boundary, scraped "on
 * 2024-06-28". Werkdagen per the Algemene termijnenwet: Hemelvaartsdag 9 May and the decree day
 * 10 May 2024 do not count. On PostgreSQL (metrics.int.spec.ts runs the embedded store).
 */

const melding = (caseId: string, date: string) => ({
  id: randomUUID(),
  type: 'MeldingOntvangen',
  organisation: 'VTIJ',
  caseId,
  occurredAt: `${date}T10:00:00+02:00`,
  data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'medisch' }, aard: ['partnergeweld'], crisis: false },
});
const event = (caseId: string, type: string, date: string, data: Record<string, unknown> = {}, time = '15:00:00') => ({
  id: randomUUID(),
  type,
  organisation: 'VTIJ',
  caseId,
  occurredAt: `${date}T${time}+02:00`,
  data,
});
const triage = (caseId: string, date: string, dienst?: string) =>
  event(caseId, 'TriagebesluitGenomen', date, dienst ? { besluit: 'vervolgstappen_veilig_thuis', dienst } : { besluit: 'overdracht' });

const events = [
  // triage, 5 werkdagen from Mon 8 Apr: the deadline is Mon 15 Apr.
  melding('T-in', '2024-04-08'), triage('T-in', '2024-04-15'),
  melding('T-out', '2024-04-08'), triage('T-out', '2024-04-16'),
  // From Fri 12 Apr the deadline is Fri 19 Apr: a Saturday stop is late though no werkdag passed.
  melding('T-sat', '2024-04-12'), triage('T-sat', '2024-04-20'),
  // veiligheidsbeoordeling from Tue 7 May: 8, (9, 10 off), 13, 14, 15, 16 May: the deadline is Thu 16 May.
  melding('V-in', '2024-05-07'), event('V-in', 'VeiligheidsbeoordelingAfgerond', '2024-05-16', { conclusie: 'geen_zorgen' }, '23:30:00'),
  melding('V-out', '2024-05-07'), event('V-out', 'VeiligheidsbeoordelingAfgerond', '2024-05-17', { conclusie: 'geen_zorgen' }, '08:00:00'),
  // eerste_contact, 10 dagen from 8 Apr: 18 Apr in, 19 Apr out.
  melding('E-in', '2024-04-08'), event('E-in', 'EersteContactGelegd', '2024-04-18', {}, '23:00:00'),
  melding('E-out', '2024-04-08'), event('E-out', 'EersteContactGelegd', '2024-04-19', {}, '07:00:00'),
  // onderzoek, 10 weken: melding, triage and start on 2 Apr; afgerond 11 Jun (70 days) or 12 Jun (71).
  melding('O-in', '2024-04-02'), triage('O-in', '2024-04-02', 'onderzoek'), event('O-in', 'DienstGestart', '2024-04-02', { dienst: 'onderzoek' }, '16:00:00'), event('O-in', 'DienstAfgerond', '2024-06-11', { dienst: 'onderzoek' }),
  melding('O-out', '2024-04-02'), triage('O-out', '2024-04-02', 'onderzoek'), event('O-out', 'DienstGestart', '2024-04-02', { dienst: 'onderzoek' }, '16:00:00'), event('O-out', 'DienstAfgerond', '2024-06-12', { dienst: 'onderzoek' }),
];

function sample(text: string, series: string): number {
  const escaped = series.replace(/[{}"+.]/g, (c) => `\\${c}`);
  const m = new RegExp(`^${escaped} (\\S+)$`, 'm').exec(text);
  if (!m) throw new Error(`no sample ${series} in\n${text.split('\n').filter((l) => l.startsWith(series.split('{')[0])).join('\n')}`);
  return Number(m[1]);
}

describeWithPostgres('vt_doorlooptijd_seconds and vt_doorlooptijd_werkdagen', () => {
  let service: RunningService;
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let text: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    service = await startService({ port: 0, storeUrl: db.url, logger: false });
    expect((await fetch(`${service.url}/api/v1/events`, { method: 'POST', body: JSON.stringify(events) })).status).toBe(200);
    await service.runner.waitUntilCaughtUp();
    const metrics = new VtMetrics(service.readModel, service.runner, createProjectionConfig(), () => new Date('2024-06-28T12:00:00+02:00'));
    text = await metrics.registry.metrics();
  }, 30_000);
  afterAll(async () => {
    await service?.close();
    await db?.drop();
  });

  const werkdagen = (termijn: string, le: string) => sample(text, `vt_doorlooptijd_werkdagen_bucket{le="${le}",organisation="VTIJ",termijn="${termijn}",klok=""}`);
  const seconds = (termijn: string, klok: string, le: string) => sample(text, `vt_doorlooptijd_seconds_bucket{le="${le}",organisation="VTIJ",termijn="${termijn}",klok="${klok}"}`);

  it('puts the werkdag terms on a boundary at exactly 5 werkdagen, counting weekends and holidays as the term does', () => {
    // triage: T-in 5 werkdagen, T-out 6, T-sat 6 (Sat after a Friday deadline); O-in and O-out 0.
    expect(werkdagen('triage', '4')).toBe(2);
    expect(werkdagen('triage', '5')).toBe(3);
    expect(werkdagen('triage', '6')).toBe(5);
    expect(sample(text, 'vt_doorlooptijd_werkdagen_count{organisation="VTIJ",termijn="triage",klok=""}')).toBe(5);
    expect(werkdagen('veiligheidsbeoordeling', '4')).toBe(0);
    expect(werkdagen('veiligheidsbeoordeling', '5')).toBe(1);
    expect(werkdagen('veiligheidsbeoordeling', '6')).toBe(2);
    // Calendar terms are not in the werkdagen histogram.
    expect(text).not.toMatch(/vt_doorlooptijd_werkdagen_count\{[^}]*termijn="(eerste_contact|onderzoek)"/);
  });

  it('puts 10 dagen and 10 weken on a boundary in whole calendar days, whatever the hour of start and stop', () => {
    expect(seconds('eerste_contact', '', '864000')).toBe(1);
    expect(sample(text, 'vt_doorlooptijd_seconds_count{organisation="VTIJ",termijn="eerste_contact",klok=""}')).toBe(2);
    expect(sample(text, 'vt_doorlooptijd_seconds_sum{organisation="VTIJ",termijn="eerste_contact",klok=""}')).toBe(21 * 86_400);
    for (const klok of ['vanaf_start', 'vanaf_triage', 'vanaf_melding']) {
      expect(seconds('onderzoek', klok, String(56 * 86_400))).toBe(0);
      expect(seconds('onderzoek', klok, String(70 * 86_400))).toBe(1);
      expect(seconds('onderzoek', klok, String(84 * 86_400))).toBe(2);
    }
    // The werkdag terms are in seconds too: triage T-in 7 calendar days, T-out and T-sat 8, O-* 0.
    expect(seconds('triage', '', String(7 * 86_400))).toBe(3);
  });

  it('agrees with vt_tijdig_ratio: the bucket at the term over the count', () => {
    const ratio = (termijn: string, klok = '') => sample(text, `vt_tijdig_ratio{organisation="VTIJ",termijn="${termijn}",klok="${klok}"}`);
    expect(ratio('triage')).toBeCloseTo(werkdagen('triage', '5') / 5);
    expect(ratio('veiligheidsbeoordeling')).toBeCloseTo(0.5);
    expect(ratio('eerste_contact')).toBeCloseTo(0.5);
    expect(ratio('onderzoek', 'vanaf_triage')).toBeCloseTo(0.5);
  });

  it('covers the current quarter only: scraped in 2024-Q3 the histograms are empty', async () => {
    const later = new VtMetrics(service.readModel, service.runner, createProjectionConfig(), () => new Date('2024-07-02T12:00:00+02:00'));
    const out = await later.registry.metrics();
    expect(out).toContain('# TYPE vt_doorlooptijd_seconds histogram');
    expect(out).not.toMatch(/vt_doorlooptijd_seconds_count\{/);
  });
});
