import { DateTime } from 'luxon';
import { addDays, dayOfWeek, diffDays, instantAtEndOfLocalDay, instantAtStartOfLocalDay, isLocalDate, localDateOf } from './local-date';

describe('localDateOf (Europe/Amsterdam)', () => {
  it('keeps 23:30 local on the night summer time starts (2024-03-31) on that local day', () => {
    expect(localDateOf('2024-03-30T23:30:00+01:00')).toBe('2024-03-30');
  });

  it('keeps 23:30 local on the night summer time ends (2024-10-27) on that local day', () => {
    expect(localDateOf('2024-10-26T23:30:00+02:00')).toBe('2024-10-26');
  });

  it('moves a UTC timestamp that is already the next local day to that day', () => {
    expect(localDateOf('2024-12-31T23:30:00Z')).toBe('2025-01-01'); // 00:30 CET
    expect(localDateOf('2024-03-30T23:30:00Z')).toBe('2024-03-31'); // 00:30 CET, before the 02:00 switch
    expect(localDateOf('2024-10-26T22:30:00Z')).toBe('2024-10-27'); // 00:30 CEST
  });

  it('takes another offset into account', () => {
    expect(localDateOf('2024-07-01T20:00:00-05:00')).toBe('2024-07-02'); // 03:00 CEST
  });

  it('rejects a timestamp without an offset, a bare date and garbage', () => {
    expect(() => localDateOf('2024-07-01T09:00:00')).toThrow(/with an offset/);
    expect(() => localDateOf('2024-07-01')).toThrow(/Invalid instant/);
    expect(() => localDateOf('2024-02-30T09:00:00Z')).toThrow(/Invalid instant/);
  });
});

describe('local date arithmetic', () => {
  it('adds calendar days across month, leap-day and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
  });

  it('counts calendar days across the DST changes as whole days (a 23- or 25-hour day is one day)', () => {
    expect(diffDays('2024-03-30', '2024-03-31')).toBe(1);
    expect(diffDays('2024-03-30', '2024-04-01')).toBe(2);
    expect(diffDays('2024-10-26', '2024-10-28')).toBe(2);
    expect(diffDays('2024-04-01', '2024-03-30')).toBe(-2);
  });

  it('gives the ISO day of the week, Monday 1 to Sunday 7', () => {
    expect(dayOfWeek('2024-01-01')).toBe(1);
    expect(dayOfWeek('2024-03-29')).toBe(5);
    expect(dayOfWeek('2024-03-31')).toBe(7);
    expect(dayOfWeek('1969-12-31')).toBe(3);
  });

  it('rejects dates that do not exist or are not YYYY-MM-DD', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2023-02-29')).toBe(false);
    expect(isLocalDate('2024-7-1')).toBe(false);
    expect(() => addDays('2024-02-30', 1)).toThrow(/Invalid local date "2024-02-30"/);
    expect(() => addDays('2024-01-01', 1.5)).toThrow(/integer/);
  });
});

describe('instants of a local day', () => {
  it('gives the first and last instant with the offset in force that day', () => {
    expect(instantAtStartOfLocalDay('2024-04-01')).toBe('2024-04-01T00:00:00.000+02:00');
    expect(instantAtEndOfLocalDay('2015-03-31')).toBe('2015-03-31T23:59:59.999+02:00');
    expect(instantAtEndOfLocalDay('2024-12-31')).toBe('2024-12-31T23:59:59.999+01:00');
  });

  it('ends a DST-change day at its own offset', () => {
    expect(instantAtStartOfLocalDay('2024-03-31')).toBe('2024-03-31T00:00:00.000+01:00');
    expect(instantAtEndOfLocalDay('2024-03-31')).toBe('2024-03-31T23:59:59.999+02:00');
    expect(instantAtEndOfLocalDay('2024-10-27')).toBe('2024-10-27T23:59:59.999+01:00');
  });

  it('gives the same when asked again (remembered), and refuses a bad date every time', () => {
    for (let i = 0; i < 2; i++) {
      expect(instantAtStartOfLocalDay('2024-10-27')).toBe('2024-10-27T00:00:00.000+02:00');
      expect(instantAtEndOfLocalDay('2024-03-31')).toBe('2024-03-31T23:59:59.999+02:00');
      expect(() => instantAtStartOfLocalDay('2024-02-30')).toThrow();
      expect(() => instantAtEndOfLocalDay('2024-13-01')).toThrow();
    }
  });
});

describe('localDateOf fast path', () => {
  it('gives the same date as luxon for instants around every DST change of 2016–2026, in several offsets', () => {
    // Reference: luxon's own conversion into Europe/Amsterdam (the slow path).
    const offsets = ['Z', '+01:00', '+02:00', '-05:00', '+05:30'];
    let checked = 0;
    for (let year = 2016; year <= 2026; year++) {
      for (const [month, day] of [[3, 24], [10, 24], [12, 30], [2, 27]]) {
        const base = Date.UTC(year, month - 1, day, 0, 0, 0);
        for (let minutes = -30; minutes < 8 * 24 * 60; minutes += 97) {
          const utc = DateTime.fromMillis(base + minutes * 60_000, { zone: 'utc' });
          for (const offset of offsets) {
            const shifted = offset === 'Z' ? utc : utc.setZone(`UTC${offset}`);
            const iso = shifted.toISO({ suppressMilliseconds: minutes % 2 === 0, includeOffset: true })!.replace(/\+00:00$/, 'Z');
            expect(localDateOf(iso)).toBe(DateTime.fromISO(iso, { zone: 'Europe/Amsterdam' }).toISODate());
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(10_000);
  });

  it('finds local midnight on the days of change themselves (their offset changes within the UTC day)', () => {
    // Sunday 31 March 2024 runs from 23:00Z the day before (CET) to 22:00Z (CEST).
    expect(localDateOf('2024-03-30T22:59:59Z')).toBe('2024-03-30');
    expect(localDateOf('2024-03-30T23:00:00Z')).toBe('2024-03-31');
    expect(localDateOf('2024-03-31T21:59:59Z')).toBe('2024-03-31');
    expect(localDateOf('2024-03-31T22:00:00Z')).toBe('2024-04-01');
    // Sunday 27 October 2024 runs from 22:00Z the day before (CEST) to 23:00Z (CET).
    expect(localDateOf('2024-10-26T21:59:59Z')).toBe('2024-10-26');
    expect(localDateOf('2024-10-26T22:00:00Z')).toBe('2024-10-27');
    expect(localDateOf('2024-10-27T22:59:59Z')).toBe('2024-10-27');
    expect(localDateOf('2024-10-27T23:00:00Z')).toBe('2024-10-28');
  });

  it('still rejects impossible dates and times the fast path does not take', () => {
    expect(() => localDateOf('2023-02-29T09:00:00Z')).toThrow(/Invalid instant/);
    expect(() => localDateOf('2024-04-31T09:00:00+02:00')).toThrow(/Invalid instant/);
    expect(() => localDateOf('2024-04-30T25:00:00+02:00')).toThrow(/Invalid instant/);
  });
});
