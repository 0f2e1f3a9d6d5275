import { checkReportRequest, QueryInputError, resolveInstant, resolvePeriod } from './report-request';

describe('resolveInstant (--at, --as-of, at=, asOf=)', () => {
  it('takes a timestamp with offset, a local date (its last instant in Amsterdam) and a period (its last instant)', () => {
    expect(resolveInstant('2024-06-30T12:00:00+02:00').ms).toBe(Date.parse('2024-06-30T10:00:00Z'));
    expect(resolveInstant('2024-06-30').iso).toBe('2024-06-30T23:59:59.999+02:00');
    expect(resolveInstant('2024-02').ms).toBe(resolveInstant('2024-02-29').ms);
  });

  it('refuses a day the calendar does not have, naming the option, instead of a database error later', () => {
    // Date.parse takes both as 1 March.
    expect(() => resolveInstant('2024-02-30T10:00:00+01:00')).toThrow(new QueryInputError('at "2024-02-30T10:00:00+01:00" is not an instant: give now, a timestamp with offset (2024-06-30T23:59:59+02:00), a date (2024-06-30) or a period (2024-Q2)'));
    expect(() => resolveInstant('2023-02-29T10:00:00Z', 'as-of')).toThrow(/^as-of "2023-02-29T10:00:00Z" is not an instant/);
    expect(() => resolveInstant('2024-02-29T10:00:00Z')).not.toThrow();
  });

  it('quotes a refused value only when it looks like an instant (one in a URL may be a name, a 9-digit number a BSN)', () => {
    expect(() => resolveInstant('Jan de Vries')).toThrow(/^at is not an instant: give/);
    expect(() => resolveInstant('123456782', 'as-of')).toThrow(/^as-of is not an instant: give/);
    expect(() => resolvePeriod('123456782')).toThrow(/^Invalid period: expected/);
    expect(() => resolveInstant('0413-123456')).toThrow(/^at is not an instant: give/);
    expect(() => resolvePeriod('0413-123')).toThrow(/^Invalid period: expected/);
    expect(() => resolveInstant('2024-13-45')).toThrow(/^at "2024-13-45" is not an instant/);
    // An offset's + not encoded in a URL arrives as a space: said so.
    expect(() => resolveInstant('2024-12-31T12:00:00 01:00')).toThrow(/is not an instant: .*\(in a URL, write the \+ of an offset as %2B\)$/);
    expect(() => resolveInstant('2024-13-45')).toThrow(/a period \(2024-Q2\)$/);
  });

  it('refuses a month that does not exist (2024-13, 2024-00) as bad input, not as an internal error', () => {
    for (const at of ['2024-13', '2024-00', '2024-Q5']) expect(() => resolveInstant(at)).toThrow(new QueryInputError(`at "${at}" is not an instant: give now, a timestamp with offset (2024-06-30T23:59:59+02:00), a date (2024-06-30) or a period (2024-Q2)`));
  });

  it('takes now', () => {
    const before = Date.now();
    const { ms, iso } = resolveInstant('now');
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(iso)).toBe(ms);
  });

  it('takes a quarter in lower case, as a period does', () => {
    expect(resolveInstant('2024-q2').iso).toBe(resolveInstant('2024-Q2').iso);
    expect(resolvePeriod('2024-q2').label).toBe('2024-Q2');
  });

  it('refuses an offset beyond ±14:00 and a year outside 1990–2099, as the events do', () => {
    expect(() => resolveInstant('2024-06-30T12:00:00+15:00')).toThrow(/^at "2024-06-30T12:00:00\+15:00": the offset must lie within ±14:00/);
    expect(() => resolveInstant('2024-06-30T12:00:00+14:00')).not.toThrow();
    expect(() => resolveInstant('1900-01-01', 'as-of')).toThrow(/^as-of "1900-01-01": only the years 1990–2099 hold events/);
    expect(() => resolvePeriod('9999')).toThrow(/^period "9999": only the years 1990–2099/);
    expect(() => resolvePeriod('1990-Q1')).not.toThrow();
  });
});

describe('checkReportRequest (report, GET …/indicators)', () => {
  it('wants exactly one of period and at', () => {
    expect(() => checkReportRequest('VTIJ', {})).toThrow('give exactly one of period or at');
    expect(() => checkReportRequest('VTIJ', { period: '2024', at: '2024-06-30' })).toThrow('give exactly one of period or at');
  });

  it('refuses an empty value or an empty dimension name instead of reporting the whole organisation', () => {
    expect(() => checkReportRequest('VTIJ', { period: '2024', gemeente: '' })).toThrow(/^gemeente: empty/);
    expect(() => checkReportRequest('VTIJ', { period: '' })).toThrow(QueryInputError);
    expect(() => checkReportRequest('VTIJ', { period: '2024', by: ['gemeente', '', 'aard'] })).toThrow(/^by: an empty dimension name/);
    expect(() => checkReportRequest('VTIJ', { at: '2024-06-30', by: [''] })).toThrow(/^by: an empty dimension name/);
  });

  it('takes gemeente onbekend (cases with no melding to take one from) and overig beside the organisation\'s codes', () => {
    expect(() => checkReportRequest('VTIJ', { period: '2024', gemeente: 'onbekend' })).not.toThrow();
    expect(() => checkReportRequest('VTIJ', { period: '2024', gemeente: 'overig' })).not.toThrow();
    expect(() => checkReportRequest('VTIJ', { period: '2024', gemeente: 'GM0193' })).not.toThrow();
    expect(() => checkReportRequest('VTIJ', { period: '2024', gemeente: 'GM0363' })).toThrow('gemeente GM0363 is not a municipality of VTIJ');
  });

  it('takes stat in by (indicators.md lists it; every duration row has its stat already) and drops it', () => {
    expect(checkReportRequest('VTIJ', { period: '2024', by: ['termijn', 'stat'] }).by).toEqual(['termijn']);
    expect(checkReportRequest('VTIJ', { at: '2024-06-30', by: ['stat'] }).by).toBeUndefined();
    expect(() => checkReportRequest('VTIJ', { period: '2024', by: ['fase'] })).toThrow(/^by: "fase" is not a dimension of a report for a period/);
    // Any other word may be a name: counted, not quoted.
    expect(() => checkReportRequest('VTIJ', { period: '2024', by: ['gemeente', 'zwaantje_pietersen'] })).toThrow(/^by: a name given is no dimension of any report; there are gemeente, /);
  });
});
