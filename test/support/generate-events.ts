import { createHash } from 'node:crypto';
import type { VtEvent } from '../../libs/events/src';

/** A deterministic UUID (v4 layout) from a seed text, so generated files are the same every run. */
export function seededUuid(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** `cases` VTIJ cases of `perCase` events each: a melding, then contacts while waiting. */
export function generateEvents(cases: number, perCase = 10, prefix = 'G'): VtEvent[] {
  const events: VtEvent[] = [];
  for (let c = 0; c < cases; c++) {
    const caseId = `${prefix}-${c}`;
    const day = 1 + (c % 28);
    const at = (h: number) => `2024-02-${String(day).padStart(2, '0')}T${String(8 + h).padStart(2, '0')}:00:00+01:00`;
    events.push({
      id: seededUuid(`${prefix}/${c}/0`),
      type: 'MeldingOntvangen',
      organisation: 'VTIJ',
      caseId,
      occurredAt: at(0),
      data: { gemeente: 'GM0193', melder: { soort: 'beroepsmatig', groep: 'justitie_en_veiligheid' }, aard: ['partnergeweld'], crisis: false },
    });
    for (let k = 1; k < perCase; k++) {
      events.push({ id: seededUuid(`${prefix}/${c}/${k}`), type: 'ContactTijdensWachten', organisation: 'VTIJ', caseId, occurredAt: at(k % 10), data: { met: 'melder' } });
    }
  }
  return events;
}
