import { QueryInputError, resolveInstant } from './indicator-queries';

describe('resolveInstant (--at, --as-of, at=, asOf=)', () => {
  it('takes a timestamp with offset, a local date (its last instant in Amsterdam) and a period (its last instant)', () => {
    expect(resolveInstant('2024-06-30T12:00:00+02:00').ms).toBe(Date.parse('2024-06-30T10:00:00Z'));
    expect(resolveInstant('2024-06-30').iso).toBe('2024-06-30T23:59:59.999+02:00');
    expect(resolveInstant('2024-02').ms).toBe(resolveInstant('2024-02-29').ms);
  });

  it('refuses a day the calendar does not have, naming the option, instead of a database error later', () => {
    // Date.parse takes both as 1 March.
    expect(() => resolveInstant('2024-02-30T10:00:00+01:00')).toThrow(new QueryInputError('at "2024-02-30T10:00:00+01:00" is not an instant: give a timestamp with offset (2024-06-30T23:59:59+02:00), a date (2024-06-30) or a period (2024-Q2)'));
    expect(() => resolveInstant('2023-02-29T10:00:00Z', 'as-of')).toThrow(/^as-of "2023-02-29T10:00:00Z" is not an instant/);
    expect(() => resolveInstant('2024-02-29T10:00:00Z')).not.toThrow();
  });

  it('quotes a refused value only when it looks like an instant (one in a URL may be a name)', () => {
    expect(() => resolveInstant('Jan de Vries')).toThrow(/^at is not an instant: give/);
    expect(() => resolveInstant('2024-13-45')).toThrow(/^at "2024-13-45" is not an instant/);
  });
});
