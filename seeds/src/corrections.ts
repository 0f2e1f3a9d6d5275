import type { MeldingPlan } from './melding-plan';
import type { Rng } from './prng';
import { CONCLUSIES } from './vtij/vtij-assumptions';

/**
 * Registration errors: a few conclusions are first registered wrongly and corrected the same day,
 * as events.md prescribes (a retraction plus a new event). Retracted events count nowhere, so the
 * published figures are unchanged; the replay must read as if the wrong one had never been sent.
 */
export function planCorrections(meldingen: readonly MeldingPlan[], rng: Rng, share = 0.004): void {
  for (const m of meldingen) {
    if (!m.vb?.conclusie || !rng.chance(share)) continue;
    m.vb.correctedFrom = rng.pick(CONCLUSIES.filter((c) => c !== m.vb!.conclusie));
  }
}
