import { CaseDraft } from './case-draft';
import type { Day, DayIndex } from './day-index';
import { ADVIES_PROFILE, dayWeight, spreadDays } from './intake';
import type { Profile } from './profiles';
import type { Rng } from './prng';
import { daytimeWall, officeWall } from './time-of-day';
import { randomWerkdag } from './year-fit';
import type { Wall } from './amsterdam-time';

/**
 * Advice and support requests (advies- en ondersteuningsvragen): a case of two events, received and
 * handled. They count only when received (`adviezen`), by the profile allocated for the year.
 */
export interface AdviesPlan {
  organisation: string;
  caseId: string;
  year: number;
  day: Day;
  wall: Wall;
  profile: Profile;
  kanaal: 'telefoon' | 'chat' | 'email' | 'locatie';
  uitkomst: 'advies' | 'ondersteuning' | 'melding';
  doneDay: Day;
}

export interface AdviesYear {
  organisation: string;
  year: number;
  from: Day;
  to: Day;
  profiles: Profile[];
  /** How many came in by chat (VT NOG publishes it; VTIJ: assumed). */
  chat: number;
  /** Weight of a request from outside the region to be a chat (VTIJ's chat serves a wider area). */
  chatOverigWeight: number;
  /** Share of requests handled at a local team's location (VT NOG regioteam). */
  locatieShare: number;
}

export function planAdviezen(spec: AdviesYear, days: DayIndex, rng: Rng): AdviesPlan[] {
  const n = spec.profiles.length;
  const dates = spreadDays(n, spec.from, spec.to, (d) => dayWeight(days, ADVIES_PROFILE, d), rng.fork('dates'));
  const profiles = rng.fork('order').shuffle(spec.profiles);
  // chat: drawn without replacement, weighted to private persons and (VTIJ) to outside the region
  const chatWeights = profiles.map((p) => (p.gemeente === 'overig' ? spec.chatOverigWeight : 1) * (p.melder.soort === 'particulier' ? 4 : 1));
  const chat = new Set<number>();
  const pickRng = rng.fork('chat');
  const keys = chatWeights.map((w, i) => [Math.pow(pickRng.next(), 1 / w), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; k < spec.chat; k++) chat.add(keys[k][1]);
  const r = rng.fork('steps');
  const plans = profiles.map((profile, i): Omit<AdviesPlan, 'caseId'> => {
    const day = dates[i];
    const isChat = chat.has(i);
    const kanaal = isChat ? 'chat' : r.chance(spec.locatieShare) ? 'locatie' : r.chance(0.12) ? 'email' : 'telefoon';
    const wall = isChat || !days.isWerkdag(day) || r.chance(0.08) ? daytimeWall(r, day) : officeWall(r, day);
    const uitkomst = r.weighted(['advies', 'ondersteuning', 'melding'] as const, [78, 17, 5]);
    let doneDay = day;
    if (uitkomst === 'ondersteuning') doneDay = randomWerkdag(days, r, day + 2, day + 40) ?? day;
    else if (uitkomst === 'melding' || r.chance(0.3)) doneDay = randomWerkdag(days, r, day + 1, day + 8) ?? day;
    return { organisation: spec.organisation, year: spec.year, day, wall, profile, kanaal, uitkomst, doneDay };
  });
  plans.sort((a, b) => a.wall - b.wall);
  return plans.map((p, i) => ({ ...p, caseId: `${spec.organisation}-${spec.year}-A${String(i + 1).padStart(6, '0')}` }));
}

export function draftAdvies(plan: AdviesPlan): CaseDraft {
  const draft = new CaseDraft(plan.organisation, plan.caseId);
  draft.add(
    'AdviesvraagOntvangen',
    plan.day,
    { gemeente: plan.profile.gemeente, vrager: plan.profile.melder as never, aard: plan.profile.aard as never, kanaal: plan.kanaal },
    'daytime',
    plan.wall,
  );
  draft.add('AdviesvraagAfgerond', plan.doneDay, { uitkomst: plan.uitkomst }, plan.doneDay === plan.day ? 'daytime' : 'office');
  return draft;
}
