import { apportion, fitTable, multiLabel } from './allocation';
import { createRng } from './prng';
import { deterministicUuid } from './deterministic-uuid';

describe('allocation', () => {
  it('apportions a total exactly', () => {
    expect(apportion(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(apportion(7, [0, 2, 5]).reduce((a, b) => a + b, 0)).toBe(7);
    expect(apportion(5, [0, 1, 0])).toEqual([0, 5, 0]);
  });

  it('fits a table to both margins exactly, close to the seed', () => {
    const rng = createRng('t');
    for (let k = 0; k < 50; k++) {
      const rows = [rng.int(0, 40), rng.int(1, 300), rng.int(0, 9), rng.int(5, 60)];
      const total = rows.reduce((a, b) => a + b, 0);
      const cols = apportion(total, [rng.next(), rng.next(), rng.next() * 0.1, rng.next()]);
      const seed = rows.map(() => cols.map(() => 0.1 + rng.next()));
      const t = fitTable(seed, rows, cols);
      expect(t.map((r) => r.reduce((a, b) => a + b, 0))).toEqual(rows);
      expect(cols.map((_, j) => t.reduce((a, r) => a + r[j], 0))).toEqual(cols);
      for (const r of t) for (const x of r) expect(x).toBeGreaterThanOrEqual(0);
    }
  });

  it('deals one or two distinct labels per item with exact label counts', () => {
    const lists = multiLabel(100, [['a', 57], ['b', 30], ['c', 12], ['d', 41]], createRng('m'));
    expect(lists).toHaveLength(100);
    const counts: Record<string, number> = {};
    for (const l of lists) {
      expect(l.length === 1 || l.length === 2).toBe(true);
      expect(new Set(l).size).toBe(l.length);
      for (const x of l) counts[x] = (counts[x] ?? 0) + 1;
    }
    expect(counts).toEqual({ a: 57, b: 30, c: 12, d: 41 });
  });

  it('uses a seeded generator and name-based ids: same input, same output', () => {
    const a = createRng('x');
    const b = createRng('x');
    for (let i = 0; i < 100; i++) expect(a.next()).toBe(b.next());
    expect(createRng('x').fork('y').next()).not.toBe(createRng('x').fork('z').next());
    expect(deterministicUuid('VTIJ/VTIJ-2024-000001/0')).toBe(deterministicUuid('VTIJ/VTIJ-2024-000001/0'));
    expect(deterministicUuid('a')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
