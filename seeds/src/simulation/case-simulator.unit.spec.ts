import { validateEvent, type VtEvent } from '../../../libs/events/src';
import { CaseSimulator } from './case-simulator';
import { organisationRhythm, weekHourOf, type OrganisationRhythm } from './organisation-rhythm';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// Monday 3 March 2025, 00:00 in Amsterdam.
const START = Date.parse('2025-03-03T00:00:00+01:00');

/** Runs a simulator from START for `ms`, asking for due events every `stepMs`; checks nothing comes early. */
function run(rhythm: OrganisationRhythm, options: { speed: number; seed: string }, ms: number, stepMs = HOUR): VtEvent[] {
  const sim = new CaseSimulator(rhythm, { ...options, startMs: START });
  const out: VtEvent[] = [];
  for (let t = START + stepMs; t <= START + ms; t += stepMs) {
    for (const e of sim.advance(t)) {
      expect(Date.parse(e.occurredAt)).toBeLessThanOrEqual(t);
      out.push(e);
    }
  }
  return out;
}

/** Cases the rhythm expects from START over `ms` of real time at `speed` (its hourly rates over speed × ms of its week). */
function expectedCases(rhythm: OrganisationRhythm, speed: number, ms: number): number {
  let n = 0;
  const end = START + ms * speed;
  for (let t = START; t < end; t += HOUR) n += rhythm.casesPerHour[weekHourOf(t)] * Math.min(1, (end - t) / HOUR);
  return n;
}

const firstSteps = (events: VtEvent[]) => events.filter((e) => e.type === 'MeldingOntvangen' || e.type === 'AdviesvraagOntvangen');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Days from melding to triagebesluit, per case, in a list of events. */
function triageDelays(events: Iterable<VtEvent>): number[] {
  const melding = new Map<string, number>();
  const out: number[] = [];
  for (const e of events) {
    if (e.type === 'MeldingOntvangen') melding.set(e.caseId, Date.parse(e.occurredAt));
    if (e.type === 'TriagebesluitGenomen' && melding.has(e.caseId)) out.push((Date.parse(e.occurredAt) - melding.get(e.caseId)!) / DAY);
  }
  return out;
}

describe('organisationRhythm and CaseSimulator (VTIJ)', () => {
  let rhythm: OrganisationRhythm;
  let fourWeeks: VtEvent[];
  beforeAll(() => {
    rhythm = organisationRhythm('VTIJ');
    fourWeeks = run(rhythm, { speed: 1, seed: 'test' }, 28 * DAY);
  });

  it('takes its rates from the seeded year: the hourly rates add up to the year\'s cases (2,492 meldingen + 4,226 adviezen in 2024)', () => {
    expect(rhythm.year).toBe(2024);
    const cases = rhythm.templates.reduce((n, t) => n + t.length, 0);
    expect(cases).toBe(2492 + 4226);
    // 2024 has 53 Mondays and Tuesdays, 52 of the other weekdays.
    const perYear = rhythm.casesPerHour.reduce((s, r, b) => s + r * (Math.floor(b / 24) < 2 ? 53 : 52), 0);
    expect(perYear).toBeCloseTo(cases, 6);
  });

  it('starts about as many cases in four weeks as the seeded rate says, meldingen and adviezen in the seeded proportion', () => {
    const expected = expectedCases(rhythm, 1, 28 * DAY);
    // Four whole weeks (less the hour the clocks skip on 30 March): four times the weekly rates.
    expect(Math.abs(expected - 4 * rhythm.casesPerHour.reduce((s, r) => s + r, 0))).toBeLessThan(1);
    const starts = firstSteps(fourWeeks);
    expect(starts.length).toBeGreaterThan(expected * 0.85);
    expect(starts.length).toBeLessThan(expected * 1.15);
    const meldingShare = starts.filter((e) => e.type === 'MeldingOntvangen').length / starts.length;
    expect(meldingShare).toBeGreaterThan(2492 / 6718 - 0.06);
    expect(meldingShare).toBeLessThan(2492 / 6718 + 0.06);
  });

  it('follows the hours of the week: the share begun on weekdays 08–18 is the seeded share', () => {
    const office = (b: number) => b < 5 * 24 && b % 24 >= 8 && b % 24 < 18;
    const seeded = rhythm.templates.reduce((n, t, b) => n + (office(b) ? t.length : 0), 0) / rhythm.templates.reduce((n, t) => n + t.length, 0);
    const starts = firstSteps(fourWeeks);
    const simulated = starts.filter((e) => office(weekHourOf(Date.parse(e.occurredAt)))).length / starts.length;
    expect(seeded).toBeGreaterThan(0.5);
    expect(Math.abs(simulated - seeded)).toBeLessThan(0.05);
  });

  it('emits only valid events with pseudonymous case ids, in due order, each case in the order of its course', () => {
    expect(fourWeeks.length).toBeGreaterThan(1000);
    fourWeeks.forEach((e, i) => {
      const v = validateEvent(e, i);
      if (!v.ok) throw new Error(`${JSON.stringify(e)}: ${JSON.stringify(v.problems)}`);
      expect(e.caseId).toMatch(/^VTIJ-2025-S[0-9a-f]{6}-A?\d{6}$/);
    });
    const times = fourWeeks.map((e) => Date.parse(e.occurredAt));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    const seen = new Map<string, VtEvent[]>();
    for (const e of fourWeeks) seen.set(e.caseId, [...(seen.get(e.caseId) ?? []), e]);
    for (const [, events] of seen) expect(['MeldingOntvangen', 'AdviesvraagOntvangen']).toContain(events[0].type);
    // A retraction names an earlier event of its own case.
    for (const e of fourWeeks.filter((x) => x.type === 'RegistratieIngetrokken')) {
      const own = seen.get(e.caseId)!;
      expect(own.findIndex((x) => x.id === (e.data as { eventId: string }).eventId)).toBeLessThan(own.indexOf(e));
    }
    expect(new Set(fourWeeks.map((e) => e.id)).size).toBe(fourWeeks.length);
  });

  it('keeps the seeded course of a case: besluiten and diensten in the seeded shares', () => {
    const besluiten = fourWeeks.filter((e) => e.type === 'TriagebesluitGenomen').map((e) => e.data as { besluit: string });
    const share = besluiten.filter((b) => b.besluit === 'vervolgstappen_veilig_thuis').length / besluiten.length;
    const seededAll = rhythm.templates.flat().flatMap((t) => t.steps).filter((s) => s.type === 'TriagebesluitGenomen');
    const seededShare = seededAll.filter((s) => s.data.besluit === 'vervolgstappen_veilig_thuis').length / seededAll.length;
    expect(besluiten.length).toBeGreaterThan(50);
    expect(Math.abs(share - seededShare)).toBeLessThan(0.1);
  });

  it('at --speed 10 plays four weeks in 2.8 days: the same number of cases, the delays divided by ten', () => {
    const fast = run(rhythm, { speed: 10, seed: 'test' }, 2.8 * DAY, HOUR / 10);
    expect(expectedCases(rhythm, 10, 2.8 * DAY)).toBeCloseTo(expectedCases(rhythm, 1, 28 * DAY), 6);
    const ratio = firstSteps(fast).length / expectedCases(rhythm, 10, 2.8 * DAY);
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
    const slowMedian = median(triageDelays(fourWeeks));
    const fastMedian = median(triageDelays(fast));
    expect(slowMedian).toBeGreaterThan(1);
    expect(fastMedian * 10).toBeGreaterThan(slowMedian * 0.6);
    expect(fastMedian * 10).toBeLessThan(slowMedian * 1.6);
  });

  it('is deterministic: the same seed and start give the same events, another seed others', () => {
    const a = run(rhythm, { speed: 50, seed: 'x' }, DAY / 2);
    const b = run(rhythm, { speed: 50, seed: 'x' }, DAY / 2, HOUR / 4);
    const c = run(rhythm, { speed: 50, seed: 'y' }, DAY / 2);
    expect(a.length).toBeGreaterThan(10);
    expect(b).toEqual(a);
    expect(c.map((e) => e.id)).not.toEqual(a.map((e) => e.id));
  });

  it('plays quiet hours fast too: at --speed 10000 a night start still gives cases within seconds', () => {
    // Tuesday 02:00: VTIJ's seeds begin almost no case at that hour.
    const night = Date.parse('2025-03-04T02:00:00+01:00');
    const sim = new CaseSimulator(rhythm, { speed: 10_000, seed: 'n', startMs: night });
    expect(sim.advance(night + 5000).length).toBeGreaterThan(0);
  });

  it('refuses a speed that is not a positive number', () => {
    expect(() => new CaseSimulator(rhythm, { speed: 0, seed: 's', startMs: START })).toThrow(/speed/);
  });
});
