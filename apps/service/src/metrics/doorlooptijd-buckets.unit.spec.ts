import { addDays, createWorkingDayCalendar, deadlineOf, DEFAULT_TERMS, isTijdig, resolveTerms } from '../../../../libs/calendar/src';
import { DAY_SECONDS, doorlooptijdBuckets, werkdagenToMeet } from './doorlooptijd-buckets';

describe('werkdagenToMeet', () => {
  const calendar = createWorkingDayCalendar();

  it('is at most N exactly when the stop is tijdig for a term of N werkdagen (every start in 2024, stops up to 25 days later)', () => {
    let checked = 0;
    for (let start = '2024-01-01'; start <= '2024-12-31'; start = addDays(start, 1)) {
      for (let d = 0; d <= 25; d++) {
        const stop = addDays(start, d);
        const n = werkdagenToMeet(calendar, start, stop);
        for (const length of [1, 3, 5, 10]) {
          const deadline = deadlineOf({ ...DEFAULT_TERMS.triage, length }, start, calendar);
          expect(n <= length).toBe(isTijdig(stop, deadline));
          checked++;
        }
      }
    }
    expect(checked).toBe(366 * 26 * 4);
  });

  it('counts a weekend stop after a Friday deadline as one werkdag late, and skips Hemelvaart and its decree day', () => {
    expect(werkdagenToMeet(calendar, '2024-04-12', '2024-04-19')).toBe(5);
    expect(werkdagenToMeet(calendar, '2024-04-12', '2024-04-20')).toBe(6);
    expect(werkdagenToMeet(calendar, '2024-05-07', '2024-05-16')).toBe(5);
    expect(werkdagenToMeet(calendar, '2024-05-07', '2024-05-07')).toBe(0);
  });
});

describe('doorlooptijdBuckets', () => {
  it('has a boundary exactly at each default term: 5 werkdagen, 10 dagen and 10 weken', () => {
    const b = doorlooptijdBuckets(Object.values(DEFAULT_TERMS));
    expect(b.werkdagen).toContain(5);
    expect(b.seconds).toContain(10 * DAY_SECONDS);
    expect(b.seconds).toContain(70 * DAY_SECONDS);
  });

  it('adds configured terms that the defaults miss, sorted', () => {
    const b = doorlooptijdBuckets(Object.values(resolveTerms({ triage: { length: 9 }, eerste_contact: { length: 11, unit: 'dagen' }, onderzoek: { length: 13, unit: 'weken' } })));
    expect(b.werkdagen).toContain(9);
    expect(b.seconds).toEqual(expect.arrayContaining([11 * DAY_SECONDS, 91 * DAY_SECONDS]));
    expect([...b.seconds].sort((x, y) => x - y)).toEqual(b.seconds);
  });
});
