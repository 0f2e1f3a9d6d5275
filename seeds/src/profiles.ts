import { fitTable, multiLabel } from './allocation';
import type { Melder } from './melding-plan';
import type { Rng } from './prng';

/**
 * Who reports about whom, where: the (gemeente, melder/vrager, aard) of each melding or advice
 * request of one year, with every published margin exact at once: gemeente × groep is fitted to
 * both margins, then within each gemeente aard × groep is fitted to that gemeente's aard and groep
 * counts (single-label), or aard lists are dealt out per gemeente (multi-label, VT NOG).
 */
export interface Profile {
  gemeente: string;
  melder: Melder;
  aard: string[];
}

export interface ProfileSpec {
  gemeenten: readonly (readonly [string, number])[];
  /** Keys `beroepsmatig/justitie_en_veiligheid`, `particulier/buurtbewoner`, … */
  groepen: readonly (readonly [string, number])[];
  gemeenteGroepSeed?: (gemeente: string, groep: string) => number;
  /** One aard per item, exact counts (VTIJ). */
  aard?: readonly (readonly [string, number])[];
  gemeenteAardSeed?: (gemeente: string, aard: string) => number;
  aardGroepSeed?: (aard: string, groep: string) => number;
  /** Several aarden per item (VT NOG): label counts per gemeente, or over all items. */
  aardPerGemeente?: ReadonlyMap<string, readonly (readonly [string, number])[]>;
  aardOverall?: readonly (readonly [string, number])[];
}

const one = () => 1;

function melderOf(key: string): Melder {
  const [soort, groep] = key.split('/');
  return { soort: soort as Melder['soort'], groep };
}

export function allocateProfiles(spec: ProfileSpec, rng: Rng): Profile[] {
  const gemeenten = spec.gemeenten.map(([g]) => g);
  const gCounts = spec.gemeenten.map(([, n]) => n);
  const groepen = spec.groepen.map(([s]) => s);
  const sCounts = spec.groepen.map(([, n]) => n);
  const gsSeed = spec.gemeenteGroepSeed ?? one;
  const gs = fitTable(
    gemeenten.map((g) => groepen.map((s) => gsSeed(g, s))),
    gCounts,
    sCounts,
  );
  const out: Profile[] = [];
  if (spec.aard) {
    const aarden = spec.aard.map(([a]) => a);
    const aCounts = spec.aard.map(([, n]) => n);
    const gaSeed = spec.gemeenteAardSeed ?? one;
    const ga = fitTable(
      gemeenten.map((g) => aarden.map((a) => gaSeed(g, a))),
      gCounts,
      aCounts,
    );
    const asSeed = spec.aardGroepSeed ?? one;
    gemeenten.forEach((g, i) => {
      const as = fitTable(
        aarden.map((a) => groepen.map((s) => asSeed(a, s))),
        ga[i],
        gs[i],
      );
      as.forEach((row, ai) => row.forEach((n, si) => {
        for (let k = 0; k < n; k++) out.push({ gemeente: g, melder: melderOf(groepen[si]), aard: [aarden[ai]] });
      }));
    });
    return out;
  }
  // multi-label
  const perGemeente: Profile[][] = gemeenten.map((g, i) => {
    const items: Profile[] = [];
    gs[i].forEach((n, si) => {
      for (let k = 0; k < n; k++) items.push({ gemeente: g, melder: melderOf(groepen[si]), aard: [] });
    });
    return rng.shuffle(items);
  });
  if (spec.aardPerGemeente) {
    gemeenten.forEach((g, i) => {
      const labels = spec.aardPerGemeente!.get(g);
      if (!labels) throw new Error(`no aard labels for ${g}`);
      const lists = multiLabel(perGemeente[i].length, labels, rng);
      perGemeente[i].forEach((p, k) => (p.aard = lists[k]));
    });
  } else if (spec.aardOverall) {
    const all = perGemeente.flat();
    const lists = multiLabel(all.length, spec.aardOverall, rng);
    rng.shuffle(all).forEach((p, k) => (p.aard = lists[k]));
  } else throw new Error('allocateProfiles: no aard');
  for (const items of perGemeente) out.push(...items);
  return out;
}

/** Largest-remainder counts of `total` in the proportions of `shares` (a helper for assumed margins). */
export function scaleCounts(total: number, shares: readonly (readonly [string, number])[]): [string, number][] {
  const sum = shares.reduce((s, [, n]) => s + n, 0);
  const quotas = shares.map(([k, n]) => [k, (n * total) / sum] as const);
  const out = quotas.map(([k, q]) => [k, Math.floor(q)] as [string, number]);
  let rest = total - out.reduce((s, [, n]) => s + n, 0);
  const order = quotas.map(([, q], i) => [q - Math.floor(q), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; rest > 0; k++, rest--) out[order[k % order.length][1]][1]++;
  return out;
}
