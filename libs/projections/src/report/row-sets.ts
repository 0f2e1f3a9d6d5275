import type { Dims } from '../case-fold/derived';

/** A dimension that only makes sense beside another always carries it (indicators.md). */
const CARRIES: Record<string, string[]> = { groep: ['soort'], klok: ['termijn'], dienst: [] };

/** Adds carried dimensions in front: `groep` becomes `soort, groep`. */
export function withCarried(dims: string[], carries: Record<string, string[]> = CARRIES): string[] {
  const out: string[] = [];
  for (const d of dims) for (const x of [...(carries[d] ?? []), d]) if (!out.includes(x)) out.push(x);
  return out;
}

/**
 * The value combinations of `dims` a fact or span counts in: a list value (`aard`) counts in each
 * of its items; a missing dimension means it is not counted in that row set.
 */
export function combinations(values: Dims, dims: string[]): Record<string, string>[] | null {
  let combos: Record<string, string>[] = [{}];
  for (const d of dims) {
    const v = values[d];
    if (v === undefined) return null;
    const items = Array.isArray(v) ? v : [v];
    combos = combos.flatMap((c) => items.map((item) => ({ ...c, [d]: item })));
  }
  return combos;
}

export function groupKey(by: Record<string, string>): string {
  return Object.entries(by)
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Groups weighted items by each combination of `dims`, keeping insertion order of first sight. */
export function groupBy<T>(items: readonly T[], dims: string[], dimsOf: (t: T) => Dims): Map<string, { by: Record<string, string>; items: T[] }> {
  const groups = new Map<string, { by: Record<string, string>; items: T[] }>();
  const add = (k: string, by: () => Record<string, string>, item: T) => {
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { by: by(), items: [] }));
    g.items.push(item);
  };
  items: for (const item of items) {
    const values = dimsOf(item);
    // Fast path, the same key and row as below, when every asked dimension has one value.
    let k = '';
    for (let i = 0; i < dims.length; i++) {
      const v = values[dims[i]];
      if (v === undefined) continue items; // not counted in this row set
      if (Array.isArray(v)) {
        for (const by of combinations(values, dims) ?? []) add(groupKey(by), () => by, item);
        continue items;
      }
      k += `${i === 0 ? '' : '&'}${dims[i]}=${v}`;
    }
    add(k, () => Object.fromEntries(dims.map((d) => [d, values[d] as string])), item);
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
