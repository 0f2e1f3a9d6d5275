import { localDateOf } from './local-date';
import { endOfPeriodInstant, parsePeriod, periodOf, startOfPeriodInstant } from './periods';

describe('parsePeriod', () => {
  it('parses a month, including February of a leap year', () => {
    expect(parsePeriod('2024-07')).toEqual({ kind: 'month', from: '2024-07-01', to: '2024-07-31', label: '2024-07' });
    expect(parsePeriod('2024-02').to).toBe('2024-02-29');
    expect(parsePeriod('2023-02').to).toBe('2023-02-28');
  });

  it('parses a quarter', () => {
    expect(parsePeriod('2024-Q3')).toEqual({ kind: 'quarter', from: '2024-07-01', to: '2024-09-30', label: '2024-Q3' });
    expect(parsePeriod('2015-q1')).toMatchObject({ from: '2015-01-01', to: '2015-03-31', label: '2015-Q1' });
  });

  it('parses a year', () => {
    expect(parsePeriod('2024')).toEqual({ kind: 'year', from: '2024-01-01', to: '2024-12-31', label: '2024' });
  });

  it.each(['2024-13', '2024-00', '2024-Q5', '2024-Q0', '24-07', '2024-7', '2024-07-01', '', 'Q3-2024'])('rejects "%s" with a clear message', (bad) => {
    expect(() => parsePeriod(bad)).toThrow(/Invalid period.*expected a year \(2024\), a quarter \(2024-Q3\) or a month \(2024-07\)/);
  });

  it('quotes a rejected value only when it looks like a period (one in a URL may be a name)', () => {
    expect(() => parsePeriod('2024-13')).toThrow('Invalid period "2024-13": expected');
    expect(() => parsePeriod('Jan de Vries')).toThrow(/^Invalid period: expected/);
  });
});

describe('periodOf', () => {
  it('finds the month, quarter and year of a local date', () => {
    expect(periodOf('month', '2024-03-31').label).toBe('2024-03');
    expect(periodOf('quarter', '2024-03-31').label).toBe('2024-Q1');
    expect(periodOf('quarter', '2024-04-01').label).toBe('2024-Q2');
    expect(periodOf('year', '2024-12-31').label).toBe('2024');
  });

  it('puts an event in the quarter of its Amsterdam date, not its UTC date', () => {
    // 2024-03-31T22:30Z is 2024-04-01 00:30 CEST.
    expect(periodOf('quarter', localDateOf('2024-03-31T22:30:00Z')).label).toBe('2024-Q2');
  });

  it('puts an event in the year of its Amsterdam date, not its UTC date', () => {
    expect(periodOf('year', localDateOf('2024-12-31T23:30:00Z')).label).toBe('2025');
  });
});

describe('period instants', () => {
  it('ends a period at the last instant of its last local day, with the Amsterdam offset', () => {
    expect(endOfPeriodInstant('2015-Q1')).toBe('2015-03-31T23:59:59.999+02:00');
    expect(endOfPeriodInstant('2024')).toBe('2024-12-31T23:59:59.999+01:00');
    expect(endOfPeriodInstant(parsePeriod('2024-10'))).toBe('2024-10-31T23:59:59.999+01:00');
  });

  it('starts a period at the first instant of its first local day', () => {
    expect(startOfPeriodInstant('2024-Q2')).toBe('2024-04-01T00:00:00.000+02:00');
    expect(startOfPeriodInstant('2025')).toBe('2025-01-01T00:00:00.000+01:00');
  });

  it('maps the period instants back to the period edges', () => {
    expect(localDateOf(endOfPeriodInstant('2024-Q1'))).toBe('2024-03-31');
    expect(localDateOf(startOfPeriodInstant('2024-Q2'))).toBe('2024-04-01');
  });
});
