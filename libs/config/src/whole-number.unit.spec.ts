import { parseWholeNumber } from './whole-number';

describe('parseWholeNumber (sizes, counts, ports and times of the settings and options)', () => {
  it('takes digits, with spaces around them', () => {
    expect(parseWholeNumber('2000')).toBe(2000);
    expect(parseWholeNumber(' 100 ')).toBe(100);
    expect(parseWholeNumber('0')).toBe(0);
  });

  it('refuses what Number or parseInt would turn into some number', () => {
    for (const text of ['', ' ', '1e3', '0x10', '1.0', '1.5', '-5', '+5', '3000abc', 'Infinity', '1_000', '9999999999999999']) expect([text, parseWholeNumber(text)]).toEqual([text, undefined]);
  });
});
