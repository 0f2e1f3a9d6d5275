import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISHED_FIGURES } from './published-figures';

const shared = join(__dirname, '..', '..', '..', 'shared', 'reference', 'published-figures.json');
const copy = join(__dirname, '..', 'published-figures.json');

describe('seeds/published-figures.json', () => {
  (existsSync(shared) ? it : it.skip)('is an exact copy of reference/published-figures.json', () => {
    expect(readFileSync(copy, 'utf8')).toBe(readFileSync(shared, 'utf8'));
  });

  it('holds flow rows (period) and stock rows (at) with a tolerance each', () => {
    expect(PUBLISHED_FIGURES.length).toBe(501);
    for (const r of PUBLISHED_FIGURES) {
      expect((r.period === undefined) !== (r.at === undefined)).toBe(true);
      expect(r.tolerance).toBeGreaterThanOrEqual(0);
    }
  });
});
