// A national-scale synthetic event log for the projections benchmark: 25 organisations × 10 years,
// streamed in the order the monitor would have recorded it (never the whole log in memory).
//
// The product only accepts organisation codes of libs/reference/src/organisations.json (VTIJ and
// VTNOG), so the 25 synthetic organisations are written under those two codes, each with its own
// case-id prefix (O01 … O25): O01 is VTIJ (with VTIJ's gemeenten), O02 … O25 are VTNOG (with VTNOG's
// gemeenten). So VTIJ holds exactly one organisation's share (1/25) and VTNOG 24 organisations' worth.
//
// Deterministic: a seeded PRNG (mulberry32, prng.mjs), so the same seed and size give
// the same events on every machine.

import { amsterdamIso, amsterdamOffset } from './amsterdam-time.mjs';
import { AARDEN, BEROEPSMATIG, CONCLUSIES, DIENSTEN, PARTICULIER, PARTIJEN, PRIORITEITEN } from './categories.mjs';
import { prng } from './prng.mjs';

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** The 25 synthetic organisations: O01 under VTIJ, O02 … O25 under VTNOG. */
export function syntheticOrganisations(organisations) {
  const gemeenten = new Map(organisations.map((o) => [o.code, o.gemeenten.map((g) => g.code)]));
  if (!gemeenten.has('VTIJ') || !gemeenten.has('VTNOG')) throw new Error('the reference list has no VTIJ or VTNOG');
  return Array.from({ length: 25 }, (_, i) => {
    const code = i === 0 ? 'VTIJ' : 'VTNOG';
    return { synthetic: `O${String(i + 1).padStart(2, '0')}`, code, gemeenten: gemeenten.get(code) };
  });
}

/**
 * The events of one case with their instants, in life-cycle order. Three life cycles:
 * - dienst (55 %): melding, veiligheidsbeoordeling, eerste contact, triage (vervolgstappen + dienst),
 *   prioriteit (70 %), contact tijdens wachten (60 %) or huisverbod (5 %), dienst gestart, dienst
 *   afgerond, overdracht na actieve betrokkenheid, afgesloten; 1 % retract their contact (registratiefout);
 * - direct handover (40 %): melding, veiligheidsbeoordeling, eerste contact, triage (overdracht),
 *   overdracht (direct), 1–3 monitoring contacts, monitoring afgerond, afgesloten;
 * - no follow-up (5 %): melding, veiligheidsbeoordeling, eerste contact, triage
 *   (geen_vervolgstappen), afgesloten (geen_vervolg).
 * Returns `[{ event, at }]` (at: occurredAt in ms).
 */
function caseEvents(r, organisation, caseId, gemeenten, start) {
  let t = start;
  // Working steps happen in office hours more often than not: nudge a step into 08–18 local time.
  const step = (minDays, maxDays) => {
    t += Math.round((minDays + r.next() * (maxDays - minDays)) * DAY);
    const local = new Date(t + amsterdamOffset(t) * HOUR);
    const h = local.getUTCHours();
    if (r.chance(0.85) && (h < 8 || h >= 18)) t += ((h < 8 ? 8 - h : 32 - h) + r.int(0, 8)) * HOUR + r.int(0, 59) * MINUTE;
    return t;
  };
  const out = [];
  const ev = (type, at, data) => {
    const event = { id: r.uuid(), type, organisation, caseId, occurredAt: amsterdamIso(at), data };
    out.push({ event, at });
    return event;
  };
  const particulier = r.chance(0.25);
  const melder = { soort: particulier ? 'particulier' : 'beroepsmatig', groep: r.pick(particulier ? PARTICULIER : BEROEPSMATIG) };
  const aard = organisation === 'VTNOG' && r.chance(0.3) ? [...new Set([r.pick(AARDEN), r.pick(AARDEN), r.pick(AARDEN)])] : [r.pick(AARDEN)];
  const melding = { gemeente: r.chance(0.02) ? 'overig' : r.pick(gemeenten), melder, aard, crisis: r.chance(0.08) };
  if (r.chance(0.5)) melding.prioriteit = r.pick(PRIORITEITEN);
  ev('MeldingOntvangen', t, melding);
  ev('VeiligheidsbeoordelingAfgerond', step(0, 3), { conclusie: r.pick(CONCLUSIES) });
  ev('EersteContactGelegd', step(0.2, 5), {});
  const kind = r.next();
  if (kind < 0.55) {
    const dienst = r.pick(DIENSTEN);
    ev('TriagebesluitGenomen', step(0.5, 5), { besluit: 'vervolgstappen_veilig_thuis', dienst });
    if (r.chance(0.7)) ev('PrioriteitVastgesteld', step(0, 7), { prioriteit: r.pick(PRIORITEITEN) });
    let contact;
    if (r.chance(0.05)) ev('TijdelijkHuisverbodOpgelegd', step(0.5, 14), {});
    else if (r.chance(0.63)) contact = ev('ContactTijdensWachten', step(3, 21), { met: r.pick(['melder', 'directbetrokkenen', 'lokaal_team']) });
    ev('DienstGestart', step(2, 60), { dienst });
    if (contact && r.chance(0.01)) ev('RegistratieIngetrokken', step(0, 5), { eventId: contact.id, reden: 'registratiefout' });
    ev('DienstAfgerond', step(14, 90), { dienst });
    ev('OverdrachtGedaan', step(0, 7), { soort: 'na_actieve_betrokkenheid', partij: r.pick(PARTIJEN) });
    ev('ZaakAfgesloten', step(0, 3), { reden: 'afgerond' });
  } else if (kind < 0.95) {
    ev('TriagebesluitGenomen', step(0.5, 5), { besluit: 'overdracht' });
    ev('OverdrachtGedaan', step(0, 10), { soort: 'direct', partij: r.pick(PARTIJEN) });
    const contacts = r.int(1, 3);
    ev('MonitoringContactGehad', step(80, 100), { moment: '3_maanden' });
    if (contacts === 3) ev('MonitoringContactGehad', step(30, 120), { moment: 'extra' });
    if (contacts >= 2) ev('MonitoringContactGehad', step(120, 200), { moment: '12_maanden' });
    ev('MonitoringAfgerond', step(0, 14), {});
    ev('ZaakAfgesloten', step(0, 7), { reden: r.pick(['afgerond', 'afgerond', 'geen_vervolg']) });
  } else {
    ev('TriagebesluitGenomen', step(0.5, 5), { besluit: 'geen_vervolgstappen' });
    ev('ZaakAfgesloten', step(0, 2), { reden: 'geen_vervolg' });
  }
  return out;
}

/** Min-heap of pending events by recorded instant (then by insertion, so the order is stable). */
class Heap {
  constructor() {
    this.a = [];
  }
  get size() {
    return this.a.length;
  }
  less(x, y) {
    return x.rec < y.rec || (x.rec === y.rec && x.n < y.n);
  }
  push(x) {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  peek() {
    return this.a[0];
  }
  pop() {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const rr = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (rr < a.length && this.less(a[rr], a[m])) m = rr;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

/** Mean events per case of the life cycles above, from a sample (another seed). */
function meanEventsPerCase(orgs) {
  const r = prng(7);
  let n = 0;
  const sample = 20_000;
  for (let i = 0; i < sample; i++) n += caseEvents(r, orgs[i % 25].code, 'X', orgs[i % 25].gemeenten, Date.UTC(2020, 0, 1, 9)).length;
  return n / sample;
}

/**
 * Yields `{ event, recordedAt (ms), streamVersion, synthetic }` for `events` events, in recorded
 * order (what the monitor's log would hold after 10 years of live ingestion), and stops after
 * exactly `events`: cases whose later steps would come after that are still open, as in a live log.
 *
 * Meldingen arrive from `startYear`-01-01 over about `years` years: the same rate for every
 * organisation, a weekday/weekend pattern (weekend days 35 %), 85 % in office hours, volumes
 * growing 3 % a year. Each event is recorded after it happened: 75 % within 1–120 minutes (live
 * link), 20 % by the next morning's batch, 5 % 1–21 days late; never before the case's previous
 * event. `summary` (an object, filled as it goes) counts cases per life cycle and the periods covered.
 */
export function* nationalEvents({ events: total, seed = 20250101, organisations, startYear = 2016, years = 10, summary = {} }) {
  const orgs = syntheticOrganisations(organisations);
  const mean = meanEventsPerCase(orgs);
  const days = Math.round(years * 365.25);
  const weekFactor = (5 * 1 + 2 * 0.35) / 7;
  // Cases per day (on a weekday, before growth) so that `years` years hold about `total` events.
  const growthMean = (1.03 ** years - 1) / Math.log(1.03) / years;
  const perWeekday = total / mean / days / weekFactor / growthMean;
  const r = prng(seed);
  const heap = new Heap();
  const seqByOrgYear = new Map();
  Object.assign(summary, { meanEventsPerCase: mean, cases: 0, casesBySynthetic: {}, firstMelding: null, lastMelding: null, lastRecorded: null, maxPending: 0 });
  let emitted = 0;
  let n = 0;
  let carry = 0;
  const origin = Date.UTC(startYear, 0, 1);

  const emitUpTo = function* (limit) {
    while (heap.size > 0 && heap.peek().rec < limit) {
      const x = heap.pop();
      yield { event: x.event, recordedAt: x.rec, streamVersion: x.version, synthetic: x.synthetic };
      summary.lastRecorded = x.rec;
      if (++emitted >= total) return true;
    }
    return false;
  };

  for (let day = 0; ; day++) {
    const utcMidnight = origin + day * DAY;
    const weekday = new Date(utcMidnight).getUTCDay();
    // This local day runs from local midnight to the next one (23 or 25 hours around a DST change).
    const dayStart = utcMidnight - amsterdamOffset(utcMidnight + 12 * HOUR) * HOUR;
    const dayEnd = utcMidnight + DAY - amsterdamOffset(utcMidnight + DAY + 12 * HOUR) * HOUR;
    const factor = (weekday === 0 || weekday === 6 ? 0.35 : 1) * 1.03 ** (day / 365.25);
    const want = perWeekday * factor + carry;
    const count = Math.floor(want);
    carry = want - count;
    const starts = [];
    for (let i = 0; i < count; i++) {
      const localMinute = r.chance(0.85) ? r.int(8 * 60, 18 * 60 - 1) : r.int(0, 24 * 60 - 1);
      starts.push(Math.min(dayEnd - 1000, dayStart + localMinute * MINUTE + r.int(0, 59) * 1000));
    }
    starts.sort((a, b) => a - b);
    for (const start of starts) {
      // Everything recorded before this melding happened can go out now.
      if (yield* emitUpTo(start)) return;
      const org = orgs[Math.floor(r.next() * orgs.length)];
      const year = new Date(start).getUTCFullYear();
      const key = `${org.synthetic}-${year}`;
      const seq = (seqByOrgYear.get(key) ?? 0) + 1;
      seqByOrgYear.set(key, seq);
      const caseId = `${org.synthetic}-${year}-${String(seq).padStart(6, '0')}`;
      let rec = 0;
      const list = caseEvents(r, org.code, caseId, org.gemeenten, start);
      list.forEach(({ event, at }, version) => {
        const u = r.next();
        let recorded;
        if (u < 0.75) recorded = at + r.int(1, 120) * MINUTE;
        else if (u < 0.95) {
          // The next morning's batch: 06:00–08:00 local time on the day after.
          const off = amsterdamOffset(at) * HOUR;
          recorded = Math.floor((at + off) / DAY) * DAY + DAY - off + 6 * HOUR + r.int(0, 7199) * 1000;
        } else recorded = at + r.int(1, 21) * DAY + r.int(0, 86_399) * 1000;
        rec = Math.max(rec + 1000, recorded);
        heap.push({ rec, n: n++, event, version, synthetic: org.synthetic });
      });
      summary.cases++;
      summary.casesBySynthetic[org.synthetic] = (summary.casesBySynthetic[org.synthetic] ?? 0) + 1;
      summary.firstMelding ??= start;
      summary.lastMelding = start;
      if (heap.size > summary.maxPending) summary.maxPending = heap.size;
    }
    if (yield* emitUpTo(dayEnd)) return;
    if (day > days * 3) throw new Error('generator ran far past its horizon');
  }
}
