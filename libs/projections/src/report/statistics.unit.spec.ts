import { max, mean, median, percentile, type Weighted } from './statistics';

const of = (...values: number[]): Weighted[] => values.map((value) => ({ value, weight: 1 }));

describe('statistics of doorlooptijd_dagen and wachttijd_dagen', () => {
  it('mediaan: the middle value, or the mean of the two middle ones (rounded to one decimal)', () => {
    expect(median(of(7, 1, 4))).toBe(4);
    expect(median(of(4, 8))).toBe(6);
    expect(median(of(10, 11))).toBe(10.5);
    expect(median([])).toBeNull();
  });

  it('p90: the nearest rank, the smallest value with at least 90 % at or under it (a duration that occurred, not an interpolation)', () => {
    expect(percentile(of(1, 4, 7, 7, 8), 90)).toBe(8); // rank ceil(4.5) = 5; interpolation would give 7.6
    expect(percentile(of(4, 8), 90)).toBe(8);
    expect(percentile(of(...Array.from({ length: 10 }, (_, i) => i + 1)), 90)).toBe(9); // rank 9 of 10
    expect(percentile(of(3), 90)).toBe(3);
    expect(percentile([], 90)).toBeNull();
  });

  it('counts a weight as that many equal values, and leaves weight 0 out', () => {
    expect(percentile([{ value: 2, weight: 9 }, { value: 30, weight: 1 }], 90)).toBe(2);
    expect(median([{ value: 5, weight: 3 }, { value: 100, weight: 0 }])).toBe(5);
    expect(mean([{ value: 2, weight: 3 }, { value: 6, weight: 1 }])).toBe(3);
    expect(max([{ value: 2, weight: 1 }, { value: 9, weight: 0 }])).toBe(2);
  });
});
