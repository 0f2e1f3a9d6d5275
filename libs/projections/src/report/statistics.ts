/** Statistics over weighted values (a weight stands for that many equal values). */
export interface Weighted {
  value: number;
  weight: number;
}

function expandSorted(values: Weighted[]): Weighted[] {
  return [...values].filter((v) => v.weight > 0).sort((a, b) => a.value - b.value);
}

/** The k-th smallest value (1-based) of the weighted list. */
function nth(sorted: Weighted[], k: number): number {
  let seen = 0;
  for (const v of sorted) {
    seen += v.weight;
    if (seen >= k) return v.value;
  }
  return sorted[sorted.length - 1].value;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;

/** Median: the middle value, or the mean of the two middle values for an even count. */
export function median(values: Weighted[]): number | null {
  const sorted = expandSorted(values);
  const n = sorted.reduce((s, v) => s + v.weight, 0);
  if (n === 0) return null;
  return n % 2 === 1 ? nth(sorted, (n + 1) / 2) : round1((nth(sorted, n / 2) + nth(sorted, n / 2 + 1)) / 2);
}

export function mean(values: Weighted[]): number | null {
  const n = values.reduce((s, v) => s + v.weight, 0);
  return n === 0 ? null : round1(values.reduce((s, v) => s + v.value * v.weight, 0) / n);
}

/** Percentile by the nearest-rank method: the smallest value with at least p% at or below it. */
export function percentile(values: Weighted[], p: number): number | null {
  const sorted = expandSorted(values);
  const n = sorted.reduce((s, v) => s + v.weight, 0);
  return n === 0 ? null : nth(sorted, Math.max(1, Math.ceil((p / 100) * n)));
}

export function max(values: Weighted[]): number | null {
  const live = values.filter((v) => v.weight > 0);
  return live.length === 0 ? null : Math.max(...live.map((v) => v.value));
}
