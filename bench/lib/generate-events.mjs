// Deterministic, valid catalogue events for the benchmarks: a seeded PRNG, so every run (and every
// machine) gets byte-identical files. Each case is one stream of exactly 10 events, in the order a
// real case goes through Veilig Thuis; the file is ordered by occurredAt, as an export would be.

/** mulberry32: small, fast, good enough for test data; the same seed gives the same stream. */
export function prng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
    /** An RFC 9562 version-4 UUID (version and variant bits set), so `z.uuid()` accepts it. */
    uuid() {
      const b = new Uint8Array(16);
      for (let i = 0; i < 16; i += 4) {
        const r = (next() * 4294967296) >>> 0;
        b[i] = r & 0xff;
        b[i + 1] = (r >>> 8) & 0xff;
        b[i + 2] = (r >>> 16) & 0xff;
        b[i + 3] = r >>> 24;
      }
      b[6] = (b[6] & 0x0f) | 0x40;
      b[8] = (b[8] & 0x3f) | 0x80;
      const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

// Europe/Amsterdam summer time (UTC+2) runs from the last Sunday of March to the last Sunday of October, 01:00 UTC.
const DST = [
  [Date.UTC(2024, 2, 31, 1), Date.UTC(2024, 9, 27, 1)],
  [Date.UTC(2025, 2, 30, 1), Date.UTC(2025, 9, 26, 1)],
  [Date.UTC(2026, 2, 29, 1), Date.UTC(2026, 9, 25, 1)],
];

/** ISO-8601 with the Amsterdam offset of that instant, e.g. `2024-03-04T10:00:00+01:00`. */
export function amsterdam(ms) {
  const summer = DST.some(([a, b]) => ms >= a && ms < b);
  const off = summer ? 2 : 1;
  return `${new Date(ms + off * HOUR).toISOString().slice(0, 19)}+0${off}:00`;
}

const BEROEPSMATIG = ['justitie_en_veiligheid', 'medisch', 'paramedisch', 'onderwijs', 'kinderopvang', 'psychosociaal', 'beroepsmatig_anders'];
const PARTICULIER = ['directbetrokkene_volwassene', 'directbetrokkene_jeugdige', 'familielid', 'sociaal_netwerk', 'buurtbewoner', 'vrijwilliger', 'anders'];
const AARDEN = ['partnergeweld', 'kindermishandeling', 'ouderenmishandeling', 'geweld_tegen_ouders', 'huiselijk_geweld_overig', 'andere_problematiek', 'onbekend'];
const CONCLUSIES = [
  'acute_onveiligheid',
  'vermoeden_structurele_onveiligheid',
  'eenmalig_ernstig_onveilig',
  'geen_zorgen',
  'geen_zorgen_wel_kwetsbaar',
  'multiproblematiek_hulp_lukt_niet',
  'multiproblematiek_hulp_mogelijk',
  'structurele_onveiligheid',
];
const DIENSTEN = ['voorwaarden_en_vervolg', 'onderzoek', 'zicht_op_veiligheid'];
const PRIORITEITEN = ['acuut', 'hoog', 'midden', 'laag'];
const PARTIJEN = ['sociaal_team', 'jeugdhulp', 'clientsysteem', 'ggz', 'gezondheidszorg', 'hg_hulpverlening', 'maatschappelijk_werk', 'maatschappelijke_opvang', 'beschermd_wonen', 'justitie', 'veilig_thuis_andere_regio', 'anders'];

/**
 * The 10 events of one case. Two life cycles: a dienst of Veilig Thuis (triage `vervolgstappen`,
 * waiting, start, end, handover) or a direct handover followed by monitoring.
 */
function caseEvents(r, organisation, caseId, gemeenten, start) {
  let t = start;
  const at = (minDays, maxDays) => {
    t += r.int(Math.round(minDays * 24), Math.round(maxDays * 24)) * HOUR + r.int(0, 3599) * 1000;
    return amsterdam(t);
  };
  const ev = (type, occurredAt, data) => ({ id: r.uuid(), type, organisation, caseId, occurredAt, data });
  const particulier = r.chance(0.25);
  const melder = { soort: particulier ? 'particulier' : 'beroepsmatig', groep: r.pick(particulier ? PARTICULIER : BEROEPSMATIG) };
  // VTIJ registers one category of aard; VT NOG allows several (events.md, Enumerations).
  const aard = organisation === 'VTNOG' && r.chance(0.3) ? [...new Set([r.pick(AARDEN), r.pick(AARDEN), r.pick(AARDEN)])] : [r.pick(AARDEN)];
  const melding = { gemeente: r.chance(0.02) ? 'overig' : r.pick(gemeenten), melder, aard, crisis: r.chance(0.08) };
  if (r.chance(0.5)) melding.prioriteit = r.pick(PRIORITEITEN);
  const out = [ev('MeldingOntvangen', amsterdam(t), melding), ev('VeiligheidsbeoordelingAfgerond', at(0, 3), { conclusie: r.pick(CONCLUSIES) })];
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
