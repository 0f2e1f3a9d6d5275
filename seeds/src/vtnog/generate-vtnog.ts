import { apportion } from '../allocation';
import { draftAdvies, planAdviezen } from '../adviezen';
import { planCorrections } from '../corrections';
import type { Day, DayIndex } from '../day-index';
import { draftMelding } from '../melding-draft';
import type { MeldingPlan } from '../melding-plan';
import type { Rng } from '../prng';
import { publishedBy, required } from '../published-figures';
import type { GeneratedCase } from '../vtij/generate-vtij';
import { CHAT, VTNOG, VTNOG_GEMEENTEN } from './vtnog-assumptions';
import { adviesProfiles, countsPerGemeente, planVtnogMeldingen } from './vtnog-meldingen';
import { planVtnog, type VtnogTargets } from './vtnog-paths';

/** 2022 is a lead-in (its transfers are monitored in 2023); 2023–2025 are published. */
export const VTNOG_YEARS = [2022, 2023, 2024, 2025] as const;

type Dienst = 'voorwaarden_en_vervolg' | 'onderzoek';

/** Completed diensten per gemeente: the annex, the rest of the published total in 'overig' (§9 item 13). */
function afgerondPerGemeente(year: number, dienst: Dienst): Map<string, number> {
  const y = String(year);
  const rows = publishedBy(VTNOG, y, 'diensten_afgerond', 'gemeente', { dienst });
  const total = required(VTNOG, y, 'diensten_afgerond', { dienst });
  const out = new Map<string, number>();
  let sum = 0;
  for (const g of VTNOG_GEMEENTEN) {
    const n = rows.get(g) ?? 0;
    out.set(g, n);
    sum += n;
  }
  if (sum > total) throw new Error(`VTNOG ${dienst} ${y}: municipalities ${sum} > total ${total}`);
  out.set('overig', total - sum);
  return out;
}

export function vtnogTargets(): VtnogTargets {
  const afgerond: VtnogTargets['afgerond'] = new Map();
  for (const year of [2023, 2024]) {
    afgerond.set(year, new Map<Dienst, Map<string, number>>([
      ['voorwaarden_en_vervolg', afgerondPerGemeente(year, 'voorwaarden_en_vervolg')],
      ['onderzoek', afgerondPerGemeente(year, 'onderzoek')],
    ]));
  }
  // 2025: only V&V + onderzoek together (716); split like 2024 (633 : 142)
  const both = required(VTNOG, '2025', 'diensten_afgerond', { dienst: ['voorwaarden_en_vervolg', 'onderzoek'] });
  const [vv, o] = apportion(both, [required(VTNOG, '2024', 'diensten_afgerond', { dienst: 'voorwaarden_en_vervolg' }), required(VTNOG, '2024', 'diensten_afgerond', { dienst: 'onderzoek' })]);
  afgerond.set(2025, new Map<Dienst, number>([['voorwaarden_en_vervolg', vv], ['onderzoek', o]]));
  const per = (key: string, by: Record<string, string>, years: number[]) => new Map(years.map((y) => [y, required(VTNOG, String(y), key, by)] as const));
  return {
    afgerond,
    zovStarts: per('diensten_gestart', { dienst: 'zicht_op_veiligheid' }, [2023, 2024, 2025]),
    direct: per('overdrachten', { soort: 'direct' }, [2023, 2024]),
    naBetrokkenheid: per('overdrachten', { soort: 'na_actieve_betrokkenheid' }, [2023, 2024]),
    eersteContact: per('eerste_contacten', {}, [2023, 2024]),
    monitoring: per('monitoring_afgerond', {}, [2023, 2024, 2025]),
    vbTijdigPct: per('tijdig_pct', { termijn: 'veiligheidsbeoordeling' }, [2024]),
  };
}

export function generateVtnog(days: DayIndex, rng: Rng, horizon: Day): GeneratedCase[] {
  const meldingen: MeldingPlan[] = [];
  for (const year of VTNOG_YEARS) {
    meldingen.push(...planVtnogMeldingen(year, days.yearStart(year), days.yearEnd(year), days, rng.fork(`meldingen-${year}`)));
  }
  planVtnog(meldingen, vtnogTargets(), new Map(countsPerGemeente('meldingen', 2024)), days, rng.fork('paths'), horizon);
  planCorrections(meldingen, rng.fork('corrections'));
  const out: GeneratedCase[] = [];
  const draftRng = rng.fork('draft');
  for (const m of meldingen) {
    const draft = draftMelding(m, days, draftRng, { contactEvery: 8, contactAfter: 8 });
    out.push({ organisation: VTNOG, year: m.year, caseId: m.caseId, events: draft.emit(draftRng, horizon) });
  }
  for (const year of VTNOG_YEARS) {
    const plans = planAdviezen(
      { organisation: VTNOG, year, from: days.yearStart(year), to: days.yearEnd(year), profiles: adviesProfiles(year, rng.fork(`advies-profiles-${year}`)), chat: CHAT[year], chatOverigWeight: 1, locatieShare: 0.06 },
      days,
      rng.fork(`adviezen-${year}`),
    );
    for (const p of plans) out.push({ organisation: VTNOG, year: p.year, caseId: p.caseId, events: draftAdvies(p).emit(draftRng, horizon) });
  }
  return out;
}
