import fc from 'fast-check';
import { START } from '../event-store.port';
import { compareKurrentPositions, compareLogPositions, parsePositionToken, toPositionToken } from './position';

describe('KurrentDB position tokens', () => {
  it('writes a log position as commit-prepare', () => {
    expect(toPositionToken({ commit: 1234n, prepare: 1200n })).toBe('1234-1200');
    expect(toPositionToken({ commit: 0n, prepare: 0n })).toBe('0-0');
  });

  it('reads a token back, beyond the range of a JS number', () => {
    const big = 2n ** 63n - 1n;
    expect(parsePositionToken(toPositionToken({ commit: big, prepare: big - 5n }))).toEqual({ commit: big, prepare: big - 5n });
  });

  it('reads START as the start', () => {
    expect(parsePositionToken(START)).toBe('start');
  });

  it('refuses what is not a token of this store', () => {
    for (const bad of ['', 'end', '12', '12-', '-12', '1-2-3', 'a-b', '1.5-2', ' 1-2', '123456789012345678901-1']) {
      expect(() => parsePositionToken(bad)).toThrow(/not a position of this store/);
    }
    expect(() => toPositionToken({ commit: -1n, prepare: 0n })).toThrow();
  });

  it('orders by commit, then by prepare', () => {
    expect(compareKurrentPositions('10-5', '11-0')).toBe(-1);
    expect(compareKurrentPositions('11-0', '10-5')).toBe(1);
    expect(compareKurrentPositions('10-4', '10-5')).toBe(-1);
    expect(compareKurrentPositions('10-5', '10-4')).toBe(1);
    expect(compareKurrentPositions('10-5', '10-5')).toBe(0);
    // Numeric, not textual.
    expect(compareKurrentPositions('9-0', '10-0')).toBe(-1);
    expect(compareKurrentPositions('18446744073709551615-1', '18446744073709551614-9')).toBe(1);
  });

  it('puts START before every event', () => {
    expect(compareKurrentPositions(START, '0-0')).toBe(-1);
    expect(compareKurrentPositions('0-0', START)).toBe(1);
    expect(compareKurrentPositions(START, START)).toBe(0);
  });

  it('is a total order that agrees with the tuple order (property)', () => {
    const pos = fc.record({ commit: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), prepare: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }) });
    fc.assert(
      fc.property(pos, pos, (a, b) => {
        const byToken = compareKurrentPositions(toPositionToken(a), toPositionToken(b));
        expect(byToken).toBe(compareLogPositions(a, b));
        expect(compareKurrentPositions(toPositionToken(b), toPositionToken(a))).toBe(-byToken);
        expect(parsePositionToken(toPositionToken(a))).toEqual(a);
      }),
    );
  });
});
