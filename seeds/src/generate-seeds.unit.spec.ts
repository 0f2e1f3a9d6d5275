import { DateTime } from 'luxon';
import { validateEvent, type VtEvent } from '../../libs/events/src';
import { createInMemoryReports, reconcile, selectFigures, type InMemoryReports } from '../../libs/reconcile/src';
import { generateSeeds } from './generate-seeds';
import { PUBLISHED_FIGURES } from './published-figures';
import { seedDigest, seedEventsNdjson, toNdjson } from './seed-ndjson';
import { SEED_HORIZON, seedYearsFor, type SeedSet } from './seed-types';

jest.setTimeout(180_000);

let sets: SeedSet[];
let events: VtEvent[];
let reports: InMemoryReports;

beforeAll(() => {
  sets = generateSeeds();
  events = sets.flatMap((s) => s.events);
  reports = createInMemoryReports(events);
});

describe('generateSeeds', () => {
  it('covers the published years of both organisations', () => {
    const keys = sets.map((s) => `${s.organisation}-${s.year}`);
    expect(keys).toEqual(['VTIJ-2014', 'VTIJ-2015', 'VTIJ-2019', 'VTIJ-2020', 'VTIJ-2022', 'VTIJ-2023', 'VTIJ-2024', 'VTNOG-2022', 'VTNOG-2023', 'VTNOG-2024', 'VTNOG-2025']);
    for (const s of sets) expect(s.events.length).toBeGreaterThan(1000);
  });

  it('is deterministic: a second generation gives byte-identical NDJSON', () => {
    const first = seedDigest(sets.map((s) => ({ organisation: s.organisation, year: s.year, fileName: `${s.organisation}-${s.year}.ndjson`, ndjson: toNdjson(s), events: s.events.length })));
    const second = seedDigest(seedEventsNdjson());
    expect(second).toBe(first);
  });

  it('gives, for a selection, exactly the sets of the full generation', () => {
    const part = generateSeeds({ org: 'VTNOG', years: [2024] });
    expect(part).toHaveLength(1);
    expect(toNdjson(part[0])).toBe(toNdjson(sets.find((s) => s.organisation === 'VTNOG' && s.year === 2024)!));
  });

  it('writes only valid events: every event passes validateEvent, ids are unique, case ids pseudonymous', () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    const badIds: string[] = [];
    events.forEach((e, i) => {
      const r = validateEvent(e, i);
      if (!r.ok && problems.length < 5) problems.push(JSON.stringify(r.problems));
      ids.add(e.id);
      if (!/^(VTIJ|VTNOG)-\d{4}-A?\d{6}$/.test(e.caseId) && badIds.length < 5) badIds.push(e.caseId);
    });
    expect(problems).toEqual([]);
    expect(badIds).toEqual([]);
    expect(ids.size).toBe(events.length);
  });

  it('sorts each set by occurredAt, keeps every case in its first year, and dates nothing after the horizon', () => {
    const wrong: string[] = [];
    for (const s of sets) {
      let previous = -Infinity;
      for (const e of s.events) {
        const t = Date.parse(e.occurredAt);
        if (t < previous) wrong.push(`${e.id} out of order`);
        previous = t;
        if (e.organisation !== s.organisation || e.caseId.split('-')[1] !== String(s.year)) wrong.push(`${e.caseId} in ${s.organisation} ${s.year}`);
        if (e.occurredAt.slice(0, 10) > SEED_HORIZON) wrong.push(`${e.id} after the horizon`);
        if (wrong.length > 5) break;
      }
    }
    expect(wrong).toEqual([]);
  });

  it('folds every case without a data-quality issue', () => {
    expect([...reports.issues].slice(0, 5)).toEqual([]);
    expect(reports.cases).toBeGreaterThan(60_000);
  });

  it('reproduces every published figure within its tolerance (in-memory replay)', () => {
    const result = reconcile(PUBLISHED_FIGURES, reports.computeRows);
    const failed = result.rows.filter((r) => !r.ok).map((r) => `${r.organisation} ${r.period ?? r.at} ${r.key} ${JSON.stringify(r.by)}: ${r.computed} ≠ ${r.published}`);
    expect(failed).toEqual([]);
    expect(result.summary.total).toBe(PUBLISHED_FIGURES.length);
    expect(result.summary.ok).toBe(PUBLISHED_FIGURES.length);
  });

  it('reproduces a year from that year and the earlier years of its era alone (seedYearsFor)', () => {
    for (const [org, year] of [['VTIJ', 2023], ['VTIJ', 2015], ['VTNOG', 2023]] as const) {
      const years = seedYearsFor(org, [year]);
      const part = createInMemoryReports(sets.filter((s) => s.organisation === org && years.includes(s.year)).flatMap((s) => s.events));
      const result = reconcile(selectFigures(PUBLISHED_FIGURES, { org, years: [year] }), part.computeRows);
      expect(result.summary.total).toBeGreaterThan(0);
      expect(result.rows.filter((r) => !r.ok)).toEqual([]);
    }
  });
});

describe('realism', () => {
  it('stamps each instant with the Amsterdam offset it had', () => {
    const wrong: string[] = [];
    for (let i = 0; i < events.length; i += 37) {
      const e = events[i];
      const local = DateTime.fromISO(e.occurredAt, { zone: 'Europe/Amsterdam' });
      if (local.toISO({ suppressMilliseconds: true }) !== e.occurredAt) wrong.push(e.occurredAt);
    }
    expect(wrong).toEqual([]);
  });

  it('VT NOG receives 40–70 meldingen a week (every full week of 2023–2025)', () => {
    const weeks = new Map<string, number>();
    for (const e of events) {
      if (e.organisation !== 'VTNOG' || e.type !== 'MeldingOntvangen') continue;
      const d = DateTime.fromISO(e.occurredAt, { zone: 'Europe/Amsterdam' });
      const k = `${d.weekYear}-${d.weekNumber}`;
      weeks.set(k, (weeks.get(k) ?? 0) + 1);
    }
    const outside: string[] = [];
    for (const year of [2023, 2024, 2025]) {
      for (let w = 2; w <= 51; w++) {
        const n = weeks.get(`${year}-${w}`) ?? 0;
        if (n < 40 || n > 70) outside.push(`${year}-W${w}: ${n}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it('records staff steps in office hours on werkdagen, except on the day of a crisis', () => {
    const crisisDay = new Map<string, string>();
    for (const e of events) if (e.type === 'MeldingOntvangen' && e.data.crisis) crisisDay.set(e.caseId, e.occurredAt.slice(0, 10));
    const staff = new Set(['TriagebesluitGenomen', 'DienstGestart', 'DienstAfgerond', 'OverdrachtGedaan', 'MonitoringAfgerond']);
    let outside = 0;
    let total = 0;
    for (const e of events) {
      if (!staff.has(e.type) || crisisDay.get(e.caseId) === e.occurredAt.slice(0, 10)) continue;
      total++;
      const d = DateTime.fromISO(e.occurredAt, { zone: 'Europe/Amsterdam' });
      if (d.weekday > 5 || d.hour < 8 || d.hour >= 21) outside++;
    }
    expect(outside / total).toBeLessThan(0.01);
  });

  it('shows the Q4 2024 queue for first assessments at VTIJ', () => {
    const at = (t: string) => reports.computeRows('VTIJ', { at: t }).find((r) => r.key === 'wachtlijst' && r.by.fase === 'triage' && Object.keys(r.by).length === 1)?.value ?? 0;
    expect(at('2024-12-31T23:59:59+01:00')).toBeGreaterThan(2 * at('2024-09-30T23:59:59+02:00'));
    expect(at('2024-12-31T23:59:59+01:00')).toBeGreaterThan(2 * at('2023-12-31T23:59:59+01:00'));
  });

  it('closes cases with ZaakAfgesloten as their last event, and monitors VT NOG transfers at 3 and 12 months', () => {
    const last = new Map<string, VtEvent>();
    const count = new Map<string, number>();
    for (const e of events) {
      last.set(e.caseId, e);
      count.set(e.type, (count.get(e.type) ?? 0) + 1);
    }
    const closed = [...last.values()].filter((e) => e.type === 'ZaakAfgesloten').length;
    const meldingen = count.get('MeldingOntvangen')!;
    expect(closed / meldingen).toBeGreaterThan(0.9);
    const moments = new Set(events.flatMap((e) => (e.organisation === 'VTNOG' && e.type === 'MonitoringContactGehad' ? [e.data.moment] : [])));
    expect([...moments].sort()).toEqual(['12_maanden', '3_maanden', 'extra']);
  });
});
