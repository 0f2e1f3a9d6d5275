import type { PublishedFigure } from '../../libs/reconcile/src/reconcile';
import published from '../published-figures.json';

/**
 * The published figures (a copy of reference/published-figures.json, kept in seeds/ so the product
 * does not depend on ../shared at run time): one indicator row each, a flow over `period` or a
 * stock `at` an instant; a list value in `by` means the sum over those values.
 */
/** A published row always names its source (`file:lines` in sources/). */
export type PublishedRow = PublishedFigure & { source: string };

export const PUBLISHED_FIGURES: readonly PublishedRow[] = (published as unknown as { rows: PublishedRow[] }).rows;

const sameBy = (a: PublishedRow['by'], b: Record<string, string | string[]>) => {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
};

/** The published value of one row, or undefined when the sources give none. */
export function publishedValue(organisation: string, period: string, key: string, by: Record<string, string | string[]> = {}): number | undefined {
  return PUBLISHED_FIGURES.find((r) => r.organisation === organisation && r.period === period && r.key === key && sameBy(r.by, by))?.value;
}

/** Like `publishedValue`, but the row must exist. */
export function required(organisation: string, period: string, key: string, by: Record<string, string | string[]> = {}): number {
  const v = publishedValue(organisation, period, key, by);
  if (v === undefined) throw new Error(`no published ${organisation} ${period} ${key} ${JSON.stringify(by)}`);
  return v;
}

/** The published values of `key` per value of dimension `dim` (rows whose `by` is exactly {dim}). */
export function publishedBy(organisation: string, period: string, key: string, dim: string, extra: Record<string, string> = {}): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of PUBLISHED_FIGURES) {
    if (r.organisation !== organisation || r.period !== period || r.key !== key) continue;
    const keys = Object.keys(r.by);
    if (keys.length !== Object.keys(extra).length + 1 || typeof r.by[dim] !== 'string') continue;
    if (!Object.entries(extra).every(([k, v]) => r.by[k] === v)) continue;
    out.set(r.by[dim] as string, r.value);
  }
  return out;
}
