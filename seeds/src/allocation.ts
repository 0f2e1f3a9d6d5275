import type { Rng } from './prng';

/**
 * Exact integer allocation: counts that add up to published totals on every margin at once.
 * Realism comes from the seed matrices (how strongly two categories go together); exactness from
 * the controlled rounding below, which keeps every row and column sum.
 */

/** Largest-remainder apportionment of `total` over `weights`; ties go to the lower index. */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (total === 0 || weights.length === 0) return weights.map(() => 0);
  if (sum === 0) throw new Error('apportion: all weights are 0');
  const quotas = weights.map((w) => (Math.max(0, w) * total) / sum);
  const out = quotas.map(Math.floor);
  let rest = total - out.reduce((s, x) => s + x, 0);
  const order = quotas.map((q, i) => [q - Math.floor(q), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k = (k + 1) % order.length) {
    const i = order[k][1];
    if (weights[i] > 0) {
      out[i]++;
      rest--;
    }
  }
  return out;
}

/** Iterative proportional fitting of a non-negative seed to row and column sums. */
export function ipf(seed: readonly number[][], rows: readonly number[], cols: readonly number[], iterations = 60): number[][] {
  const m = seed.map((r) => r.map((x) => Math.max(0, x)));
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < m.length; i++) {
      const s = m[i].reduce((a, b) => a + b, 0);
      if (s > 0) for (let j = 0; j < m[i].length; j++) m[i][j] *= rows[i] / s;
    }
    for (let j = 0; j < cols.length; j++) {
      let s = 0;
      for (let i = 0; i < m.length; i++) s += m[i][j];
      if (s > 0) for (let i = 0; i < m.length; i++) m[i][j] *= cols[j] / s;
    }
  }
  return m;
}

/**
 * An integer table whose row sums are `rows` and column sums are `cols` exactly (they must have the
 * same total), close to the seed's proportions: IPF, then floors, then the remainders to the
 * cells with the largest fractions, then (rarely) any cell with a positive seed.
 */
export function fitTable(seed: readonly number[][], rows: readonly number[], cols: readonly number[]): number[][] {
  const total = rows.reduce((a, b) => a + b, 0);
  if (total !== cols.reduce((a, b) => a + b, 0)) throw new Error(`fitTable: row total ${total} ≠ column total ${cols.reduce((a, b) => a + b, 0)}`);
  const fitted = ipf(seed, rows, cols);
  const out = fitted.map((r) => r.map(Math.floor));
  const rowLeft = rows.map((r, i) => r - out[i].reduce((a, b) => a + b, 0));
  const colLeft = cols.map((c, j) => c - out.reduce((a, r) => a + r[j], 0));
  const cells: [number, number, number][] = [];
  fitted.forEach((r, i) => r.forEach((x, j) => cells.push([x - Math.floor(x), i, j])));
  cells.sort((a, b) => b[0] - a[0] || a[1] - b[1] || a[2] - b[2]);
  for (const [, i, j] of cells) {
    if (rowLeft[i] > 0 && colLeft[j] > 0 && seed[i][j] > 0) {
      out[i][j]++;
      rowLeft[i]--;
      colLeft[j]--;
    }
  }
  // Whatever is left (a structural zero pattern IPF could not meet): any remaining row and column.
  for (let i = 0; i < rows.length; i++) {
    while (rowLeft[i] > 0) {
      let j = colLeft.findIndex((c, jj) => c > 0 && seed[i][jj] > 0);
      if (j < 0) j = colLeft.findIndex((c) => c > 0);
      if (j < 0) throw new Error('fitTable: margins cannot be met');
      out[i][j]++;
      rowLeft[i]--;
      colLeft[j]--;
    }
  }
  return out;
}

/** The items of a count table as a flat list (`{a: 2, b: 1}` → `[a, a, b]`). */
export function expand<K>(counts: Iterable<readonly [K, number]>): K[] {
  const out: K[] = [];
  for (const [k, n] of counts) for (let i = 0; i < n; i++) out.push(k);
  return out;
}

/**
 * Multi-label allocation (VT NOG registers several aarden per melding): `n` items, label counts
 * exactly as given (each ≤ n, total between n and 2n). Every item gets one or two distinct labels.
 * The labels are laid out in the order given over the first slots of all items and then the second
 * slots of the first items, so the last label(s) in `order` pair with the first: list the label
 * that co-occurs most (partnergeweld with kindermishandeling) last.
 */
export function multiLabel<L>(n: number, counts: readonly (readonly [L, number])[], rng: Rng): L[][] {
  const total = counts.reduce((s, [, c]) => s + c, 0);
  if (total < n || total > 2 * n) throw new Error(`multiLabel: ${total} labels for ${n} items`);
  for (const [label, c] of counts) if (c > n) throw new Error(`multiLabel: ${c} × ${String(label)} for ${n} items`);
  const sequence = expand(counts);
  const items: L[][] = Array.from({ length: n }, () => []);
  sequence.forEach((label, k) => items[k < n ? k : k - n].push(label));
  return rng.shuffle(items);
}
