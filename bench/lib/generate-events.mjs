// Deterministic, valid catalogue events for the benchmarks: a seeded PRNG, so every run (and every
// machine) gets byte-identical files. Each case is one stream of exactly 10 events, in the order a
// real case goes through Veilig Thuis; the file is ordered by occurredAt, as an export would be.

import { amsterdamIso } from './amsterdam-time.mjs';
import { AARDEN, BEROEPSMATIG, CONCLUSIES, DIENSTEN, PARTICULIER, PARTIJEN, PRIORITEITEN } from './categories.mjs';
import { prng } from './prng.mjs';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The 10 events of one case. Two life cycles: a dienst of Veilig Thuis (triage `vervolgstappen`,
 * waiting, start, end, handover) or a direct handover followed by monitoring.
 */
function caseEvents(r, organisation, caseId, gemeenten, start) {
  let t = start;
  const at = (minDays, maxDays) => {
    t += r.int(Math.round(minDays * 24), Math.round(maxDays * 24)) * HOUR + r.int(0, 3599) * 1000;
    return amsterdamIso(t);
  };
  const ev = (type, occurredAt, data) => ({ id: r.uuid(), type, organisation, caseId, occurredAt, data });
  const particulier = r.chance(0.25);
  const melder = { soort: particulier ? 'particulier' : 'beroepsmatig', groep: r.pick(particulier ? PARTICULIER : BEROEPSMATIG) };
  // VTIJ registers one category of aard; VT NOG allows several (events.md, Enumerations).
  const aard = organisation === 'VTNOG' && r.chance(0.3) ? [...new Set([r.pick(AARDEN), r.pick(AARDEN), r.pick(AARDEN)])] : [r.pick(AARDEN)];
  const melding = { gemeente: r.chance(0.02) ? 'overig' : r.pick(gemeenten), melder, aard, crisis: r.chance(0.08) };
  if (r.chance(0.5)) melding.prioriteit = r.pick(PRIORITEITEN);
  const out = [ev('MeldingOntvangen', amsterdamIso(t), melding), ev('VeiligheidsbeoordelingAfgerond', at(0, 3), { conclusie: r.pick(CONCLUSIES) })];
  if (r.chance(0.6)) {
    const dienst = r.pick(DIENSTEN);
    out.push(
      ev('EersteContactGelegd', at(0.5, 5), {}),
      ev('TriagebesluitGenomen', at(1, 5), { besluit: 'vervolgstappen_veilig_thuis', dienst }),
      ev('PrioriteitVastgesteld', at(1, 7), { prioriteit: r.pick(PRIORITEITEN) }),
      r.chance(0.05) ? ev('TijdelijkHuisverbodOpgelegd', at(1, 14), {}) : ev('ContactTijdensWachten', at(3, 21), { met: r.pick(['melder', 'directbetrokkenen', 'lokaal_team']) }),
      ev('DienstGestart', at(3, 60), { dienst }),
      ev('DienstAfgerond', at(14, 70), { dienst }),
      ev('OverdrachtGedaan', at(0, 7), { soort: 'na_actieve_betrokkenheid', partij: r.pick(PARTIJEN) }),
      ev('ZaakAfgesloten', at(0, 3), { reden: 'afgerond' }),
    );
  } else {
    out.push(
      ev('EersteContactGelegd', at(0.5, 5), {}),
      ev('TriagebesluitGenomen', at(1, 5), { besluit: 'overdracht' }),
      ev('OverdrachtGedaan', at(0, 5), { soort: 'direct', partij: r.pick(PARTIJEN) }),
      ev('MonitoringContactGehad', at(85, 95), { moment: '3_maanden' }),
      ev('MonitoringContactGehad', at(30, 120), { moment: 'extra' }),
      ev('MonitoringContactGehad', at(120, 200), { moment: '12_maanden' }),
      ev('MonitoringAfgerond', at(0, 14), {}),
      ev('ZaakAfgesloten', at(0, 7), { reden: r.pick(['afgerond', 'geen_vervolg']) }),
    );
  }
  return out;
}

/**
 * `cases` cases of 10 events each for VTIJ and VTNOG, melding dates spread over 2024.
 * Returns `{ events, byCase }`: all events ordered by occurredAt (then id), and per case its events.
 */
export function generateEvents({ cases, seed = 20240101, organisations, casePrefix = 'M' }) {
  const r = prng(seed);
  const orgs = organisations.filter((o) => o.code === 'VTIJ' || o.code === 'VTNOG');
  const gemeenten = new Map(orgs.map((o) => [o.code, o.gemeenten.map((g) => g.code)]));
  const seqByOrg = new Map();
  const byCase = [];
  const yearStart = Date.UTC(2024, 0, 1, 7);
  for (let c = 0; c < cases; c++) {
    const organisation = r.chance(0.45) ? 'VTIJ' : 'VTNOG';
    const n = (seqByOrg.get(organisation) ?? 0) + 1;
    seqByOrg.set(organisation, n);
    const caseId = `${organisation}-${casePrefix}24-${String(n).padStart(6, '0')}`;
    const start = yearStart + r.int(0, 334) * DAY + r.int(0, 11 * 3600) * 1000;
    byCase.push({ organisation, caseId, events: caseEvents(r, organisation, caseId, gemeenten.get(organisation), start) });
  }
  const events = byCase.flatMap((c) => c.events);
  const key = new Map(events.map((e) => [e, Date.parse(e.occurredAt)]));
  events.sort((a, b) => key.get(a) - key.get(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { events, byCase };
}
