import fc from 'fast-check';
import { BUILT_IN_DECREE_DAYS, createWorkingDayCalendar, DECREE_DAY_NAME, easterSunday, legalHolidays } from './holidays';
import { addDays, dayOfWeek } from './local-date';

const calendar = createWorkingDayCalendar();
const holidayOn = (year: number, date: string) => legalHolidays(year).find((h) => h.date === date)?.name;

describe('easterSunday (anonymous Gregorian algorithm)', () => {
  it('gives the known Easter Sundays', () => {
    expect(easterSunday(2015)).toBe('2015-04-05');
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2038)).toBe('2038-04-25'); // latest possible
    expect(easterSunday(2285)).toBe('2285-03-22'); // earliest possible
  });
});

describe('legalHolidays: art. 3 Algemene termijnenwet', () => {
  it('lists exactly the nine days of 2024, in date order', () => {
    expect(legalHolidays(2024)).toEqual([
      { date: '2024-01-01', name: 'Nieuwjaarsdag' },
      { date: '2024-03-29', name: 'Goede Vrijdag' },
      { date: '2024-04-01', name: 'Tweede Paasdag' },
      { date: '2024-04-27', name: 'Koningsdag' },
      { date: '2024-05-05', name: 'Bevrijdingsdag' },
      { date: '2024-05-09', name: 'Hemelvaartsdag' },
      { date: '2024-05-20', name: 'Tweede Pinksterdag' },
      { date: '2024-12-25', name: 'Eerste Kerstdag' },
      { date: '2024-12-26', name: 'Tweede Kerstdag' },
    ]);
  });

  it('lists exactly the nine days of 2025', () => {
    expect(legalHolidays(2025).map((h) => h.date)).toEqual([
      '2025-01-01', '2025-04-18', '2025-04-21', '2025-04-26', '2025-05-05', '2025-05-29', '2025-06-09', '2025-12-25', '2025-12-26',
    ]);
  });

  it('has Nieuwjaarsdag on 1 January', () => {
    expect(holidayOn(2024, '2024-01-01')).toBe('Nieuwjaarsdag');
    expect(calendar.isWerkdag('2024-01-01')).toBe(false); // a Monday
  });

  it('has Goede Vrijdag two days before Easter (art. 3 lid 2)', () => {
    expect(holidayOn(2024, '2024-03-29')).toBe('Goede Vrijdag');
    expect(holidayOn(2025, '2025-04-18')).toBe('Goede Vrijdag');
    expect(calendar.isWerkdag('2024-03-29')).toBe(false);
  });

  it('has Tweede Paasdag the day after Easter', () => {
    expect(holidayOn(2024, '2024-04-01')).toBe('Tweede Paasdag');
    expect(holidayOn(2025, '2025-04-21')).toBe('Tweede Paasdag');
    expect(calendar.isWerkdag('2024-04-01')).toBe(false);
  });

  it('has Hemelvaartsdag 39 days after Easter', () => {
    expect(holidayOn(2024, '2024-05-09')).toBe('Hemelvaartsdag');
    expect(holidayOn(2025, '2025-05-29')).toBe('Hemelvaartsdag');
    expect(calendar.isWerkdag('2025-05-29')).toBe(false);
  });

  it('has Tweede Pinksterdag 50 days after Easter', () => {
    expect(holidayOn(2024, '2024-05-20')).toBe('Tweede Pinksterdag');
    expect(holidayOn(2025, '2025-06-09')).toBe('Tweede Pinksterdag');
    expect(calendar.isWerkdag('2025-06-09')).toBe(false);
  });

  it('has Eerste and Tweede Kerstdag on 25 and 26 December', () => {
    expect(holidayOn(2025, '2025-12-25')).toBe('Eerste Kerstdag');
    expect(holidayOn(2025, '2025-12-26')).toBe('Tweede Kerstdag');
    expect(calendar.isWerkdag('2025-12-25')).toBe(false);
    expect(calendar.isWerkdag('2025-12-26')).toBe(false);
  });

  it('has Koningsdag on 27 April (2024: a Saturday)', () => {
    expect(holidayOn(2024, '2024-04-27')).toBe('Koningsdag');
    expect(dayOfWeek('2024-04-27')).toBe(6);
    expect(holidayOn(2023, '2023-04-27')).toBe('Koningsdag');
    expect(calendar.isWerkdag('2023-04-27')).toBe(false); // a Thursday
  });

  it('has Koningsdag on 26 April when the 27th is a Sunday (2025, 2014)', () => {
    expect(dayOfWeek('2025-04-27')).toBe(7);
    expect(holidayOn(2025, '2025-04-26')).toBe('Koningsdag');
    expect(holidayOn(2025, '2025-04-27')).toBeUndefined();
    expect(holidayOn(2014, '2014-04-26')).toBe('Koningsdag');
  });

  it('has Koninginnedag on 30 April before 2014, or 29 April when the 30th is a Sunday', () => {
    expect(holidayOn(2013, '2013-04-30')).toBe('Koninginnedag');
    expect(dayOfWeek('2006-04-30')).toBe(7);
    expect(holidayOn(2006, '2006-04-29')).toBe('Koninginnedag');
    expect(legalHolidays(2013).some((h) => h.name === 'Koningsdag')).toBe(false);
  });

  it('has Bevrijdingsdag on 5 May every year, not only every fifth (2024: a Sunday; 2025: a Monday)', () => {
    expect(holidayOn(2024, '2024-05-05')).toBe('Bevrijdingsdag');
    expect(dayOfWeek('2024-05-05')).toBe(7);
    expect(dayOfWeek('2025-05-05')).toBe(1);
    expect(calendar.isWerkdag('2025-05-05')).toBe(false);
    expect(calendar.isWerkdag('2026-05-05')).toBe(false); // a Tuesday, no lustrum year
  });

  it('leaves out Eerste Paas- and Pinksterdag (Sundays anyway) and days outside art. 3', () => {
    const names = legalHolidays(2024).map((h) => h.name);
    expect(names).not.toContain('Eerste Paasdag');
    expect(names).not.toContain('Eerste Pinksterdag');
    expect(calendar.isWerkdag('2024-05-04')).toBe(false); // Saturday, Dodenherdenking is no holiday
    expect(calendar.isWerkdag('2024-12-05')).toBe(true); // Sinterklaas: a werkdag
    expect(calendar.isWerkdag('2024-12-31')).toBe(true); // Oudejaarsdag: a werkdag
  });
});

describe('decree days (art. 3 lid 3)', () => {
  it('builds in the verified decree days, all Fridays and none a werkdag', () => {
    expect(BUILT_IN_DECREE_DAYS).toEqual([
      '2023-04-28', '2023-05-19', '2024-05-10', '2024-12-27', '2025-05-30', '2026-01-02', '2026-05-15', '2027-05-07', '2028-04-28', '2028-05-26',
    ]);
    for (const d of BUILT_IN_DECREE_DAYS) {
      expect(dayOfWeek(d)).toBe(5);
      expect(calendar.isWerkdag(d)).toBe(false);
      expect(calendar.holidayName(d)).toBe(DECREE_DAY_NAME);
    }
  });

  it('puts the decree days of a year beside its legal holidays', () => {
    const dates = calendar.holidaysIn(2024).map((h) => h.date);
    expect(dates).toEqual(['2024-01-01', '2024-03-29', '2024-04-01', '2024-04-27', '2024-05-05', '2024-05-09', '2024-05-10', '2024-05-20', '2024-12-25', '2024-12-26', '2024-12-27']);
  });

  it('takes further decree days from configuration, without changing other calendars', () => {
    // Hemelvaartsdag 2029 is Thursday 10 May; the Friday after it is not built in.
    const configured = createWorkingDayCalendar({ extraDecreeDays: ['2029-05-11'] });
    expect(calendar.isWerkdag('2029-05-11')).toBe(true);
    expect(configured.isWerkdag('2029-05-11')).toBe(false);
    expect(configured.isWerkdag('2024-05-10')).toBe(false); // built-in days stay
  });

  it('builds in the Friday after Hemelvaartsdag for the years before the verified decrees', () => {
    // Hemelvaartsdag 2022 is Thursday 26 May, 2015 Thursday 14 May, 2000 Thursday 1 June.
    for (const friday of ['2022-05-27', '2015-05-15', '2000-06-02']) {
      expect(dayOfWeek(friday)).toBe(5);
      expect(calendar.holidayName(friday)).toBe(DECREE_DAY_NAME);
    }
    // From 2023 the verified list decides, beside the configured days: nothing else is added.
    expect(calendar.holidaysIn(2022).map((h) => h.date)).toEqual(['2022-01-01', '2022-04-15', '2022-04-18', '2022-04-27', '2022-05-05', '2022-05-26', '2022-05-27', '2022-06-06', '2022-12-25', '2022-12-26']);
    expect(calendar.isWerkdag('2029-05-11')).toBe(true);
    // Hemelvaartsdag 1989 is Thursday 4 May: the Friday after it is Bevrijdingsdag, and keeps that name.
    expect(calendar.holidayName('1989-05-05')).toBe('Bevrijdingsdag');
    // Mon 23 May 2022 (day 0): Tue 24, Wed 25, (Thu 26, Fri 27), Mon 30, Tue 31, Wed 1 June.
    expect(calendar.addWerkdagen('2022-05-23', 5)).toBe('2022-06-01');
  });

  it('rejects a malformed configured decree day', () => {
    expect(() => createWorkingDayCalendar({ extraDecreeDays: ['2029-5-11'] })).toThrow(/Invalid local date/);
  });
});

describe('werkdagen', () => {
  it('is Monday to Friday only', () => {
    expect(calendar.isWerkdag('2024-06-07')).toBe(true); // Friday
    expect(calendar.isWerkdag('2024-06-08')).toBe(false); // Saturday
    expect(calendar.isWerkdag('2024-06-09')).toBe(false); // Sunday
  });

  it('counts 5 werkdagen from the Thursday before Easter past Goede Vrijdag and Tweede Paasdag', () => {
    // Thu 28 Mar (day 0); Fri 29 Goede Vrijdag, Sat, Sun, Mon 1 Apr Tweede Paasdag; Tue 2 … Fri 5, Mon 8.
    expect(calendar.addWerkdagen('2024-03-28', 5)).toBe('2024-04-08');
  });

  it('does not count the day of receipt when it is a werkdag (from a Friday)', () => {
    expect(calendar.addWerkdagen('2024-06-07', 5)).toBe('2024-06-14');
    expect(calendar.addWerkdagen('2024-06-07', 1)).toBe('2024-06-10');
  });

  it('does not count the day of receipt when it is no werkdag either (from a Saturday)', () => {
    expect(calendar.addWerkdagen('2024-06-08', 5)).toBe('2024-06-14');
    expect(calendar.addWerkdagen('2024-06-08', 1)).toBe('2024-06-10');
  });

  it('skips Hemelvaartsdag and the decree Friday after it', () => {
    // Wed 8 May 2024; Thu 9 Hemelvaartsdag, Fri 10 decree day; Mon 13 … Fri 17.
    expect(calendar.addWerkdagen('2024-05-08', 5)).toBe('2024-05-17');
  });

  it('skips Christmas, the decree day 27 Dec 2024 and Nieuwjaarsdag', () => {
    // Mon 23 Dec; Tue 24 (1); 25, 26, 27, weekend; Mon 30 (2), Tue 31 (3); 1 Jan; Thu 2 (4), Fri 3 (5).
    expect(calendar.addWerkdagen('2024-12-23', 5)).toBe('2025-01-03');
  });

  it('gives d itself for 0 werkdagen and rejects a negative or fractional count', () => {
    expect(calendar.addWerkdagen('2024-06-08', 0)).toBe('2024-06-08');
    expect(() => calendar.addWerkdagen('2024-06-08', -1)).toThrow(/non-negative integer/);
    expect(() => calendar.addWerkdagen('2024-06-08', 1.5)).toThrow(/non-negative integer/);
  });

  it('counts the werkdagen after a up to and including b, negative when b is before a', () => {
    expect(calendar.werkdagenBetween('2024-03-28', '2024-04-08')).toBe(5);
    expect(calendar.werkdagenBetween('2024-06-07', '2024-06-07')).toBe(0);
    expect(calendar.werkdagenBetween('2024-06-07', '2024-06-09')).toBe(0);
    expect(calendar.werkdagenBetween('2024-04-08', '2024-03-28')).toBe(-5);
  });

  it('property: the n-th werkdag after d is a werkdag, after d, and n werkdagen away', () => {
    const localDate = fc.integer({ min: 0, max: 365 * 100 }).map((i) => addDays('2000-01-01', i));
    fc.assert(
      fc.property(localDate, fc.integer({ min: 1, max: 60 }), (d, n) => {
        const end = calendar.addWerkdagen(d, n);
        return calendar.isWerkdag(end) && end > d && calendar.werkdagenBetween(d, end) === n;
      }),
      { numRuns: 500 },
    );
  });
});
