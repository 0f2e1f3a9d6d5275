/**
 * What the VTIJ generator needs beyond published-figures.json: volumes of years without published
 * figures, the correlations used to spread published totals (from the appendices of the 2024
 * annual report, seed-facts §4.12), and lags. Every number here is either cited or marked ASSUMED.
 */

export const VTIJ = 'VTIJ';

/** The order of the municipal tables of the annual report (seed-facts §4.2, §4.12). */
export const VTIJ_GEMEENTEN = ['GM0148', 'GM0150', 'GM0160', 'GM0166', 'GM1773', 'GM0175', 'overig', 'GM0177', 'GM0180', 'GM1708', 'GM1896', 'GM0193'] as const;

const byGemeente = (values: number[]) => new Map(VTIJ_GEMEENTEN.map((g, i) => [g as string, values[i]]));

/** Appendix 1.A (probably 2023 data, seed-facts §9 item 5): police meldingen and all professional meldingen. */
export const APPENDIX_POLITIE = byGemeente([44, 304, 108, 131, 42, 15, 9, 45, 30, 129, 27, 421]);
export const APPENDIX_BEROEPSMATIG = byGemeente([67, 467, 192, 209, 52, 28, 23, 86, 48, 197, 51, 617]);
/** Appendix 1.B: meldingen from private persons 2024. */
export const APPENDIX_PARTICULIER = byGemeente([16, 83, 41, 40, 9, 6, 4, 16, 10, 34, 11, 98]);
/** Appendix 1.C: meldingen 2024 by aard (the three complete rows). */
export const APPENDIX_MELDING_AARD: Record<string, Map<string, number>> = {
  partnergeweld: byGemeente([44, 204, 102, 80, 29, 13, 8, 24, 20, 62, 17, 326]),
  andere_problematiek: byGemeente([32, 198, 109, 92, 19, 13, 5, 29, 17, 74, 42, 222]),
  kindermishandeling: byGemeente([10, 79, 44, 49, 9, 12, 3, 22, 15, 33, 11, 111]),
};
/** Appendix 2.A / 2.B: advice requests 2024 from professionals / private persons. */
export const APPENDIX_ADVIES_BEROEPSMATIG = byGemeente([52, 334, 229, 157, 41, 51, 176, 105, 32, 100, 57, 701]);
export const APPENDIX_ADVIES_PARTICULIER = byGemeente([57, 346, 163, 126, 23, 23, 683, 72, 18, 129, 55, 496]);
/** Appendix 2.C: advice 2024 by aard (complete rows). */
export const APPENDIX_ADVIES_AARD: Record<string, Map<string, number>> = {
  partnergeweld: byGemeente([29, 137, 89, 47, 13, 13, 179, 27, 5, 46, 19, 279]),
  andere_problematiek: byGemeente([41, 279, 153, 114, 29, 33, 225, 66, 18, 78, 42, 443]),
  kindermishandeling: byGemeente([32, 206, 123, 102, 17, 19, 367, 63, 23, 74, 41, 347]),
  ouderenmishandeling: byGemeente([2, 13, 6, 5, 1, 2, 25, 1, 1, 5, 4, 36]),
};
/** Appendix 3.A: transfer partners 2024 (sociaal team 698, jeugdhulp 539, cliëntsysteem 395 of 1,782). */
export const TRANSFER_PARTIJEN: readonly (readonly [string, number])[] = [
  ['sociaal_team', 698],
  ['jeugdhulp', 539],
  ['clientsysteem', 395],
  ['ggz', 40],
  ['hg_hulpverlening', 35],
  ['maatschappelijk_werk', 25],
  ['gezondheidszorg', 15],
  ['justitie', 10],
  ['maatschappelijke_opvang', 8],
  ['beschermd_wonen', 5],
  ['veilig_thuis_andere_regio', 7],
  ['anders', 5],
];

/**
 * How strongly an aard goes with a melder group (ASSUMED, from the narrative: police report
 * partner violence and "andere problematiek" [000:354-364]; schools and childcare report child abuse;
 * doctors report older-person abuse).
 */
export function aardGroepAffinity(aard: string, groep: string): number {
  const g = groep.split('/')[1];
  const table: Record<string, Partial<Record<string, number>>> = {
    justitie_en_veiligheid: { partnergeweld: 1.6, andere_problematiek: 1.7, geweld_tegen_ouders: 1.3, kindermishandeling: 0.45, ouderenmishandeling: 0.5 },
    medisch: { kindermishandeling: 1.6, ouderenmishandeling: 2.5, andere_problematiek: 0.7 },
    paramedisch: { kindermishandeling: 1.5, ouderenmishandeling: 2 },
    onderwijs: { kindermishandeling: 4, partnergeweld: 0.4, andere_problematiek: 0.6, ouderenmishandeling: 0.05 },
    kinderopvang: { kindermishandeling: 4, partnergeweld: 0.5, ouderenmishandeling: 0.05 },
    psychosociaal: { kindermishandeling: 1.8, andere_problematiek: 0.8 },
    directbetrokkene_volwassene: { partnergeweld: 2.2, huiselijk_geweld_overig: 1.5, kindermishandeling: 0.6 },
    directbetrokkene_jeugdige: { kindermishandeling: 3, geweld_tegen_ouders: 1.5, partnergeweld: 0.6 },
    familielid: { ouderenmishandeling: 2.5, kindermishandeling: 1.5 },
    buurtbewoner: { kindermishandeling: 1.5, partnergeweld: 1.3 },
  };
  return table[g]?.[aard] ?? 1;
}

/** Volumes of years with no published figures (ASSUMED; VTIJ started in 2015, §4.13-4.14). */
export const ASSUMED_VOLUMES = {
  /** Q4 2014: the months before the first waiting-list count. */
  '2014Q4': { meldingen: 430, adviezen: 560 },
  /** 2015: more meldingen than before, "partly from publicity campaigns" [002:6168-6203]. */
  '2015': { meldingen: 1760, adviezen: 2350 },
  /** Lead-in July–December 2022, at the 2023 rate (205 a month): open work carried into 2023. */
  '2022H2': { meldingen: 1240 },
};

/** Chat requests per year (ASSUMED; 85% of chats come from outside IJsselland, [000:629-636]). */
export const ASSUMED_CHAT: Record<number, number> = { 2014: 0, 2015: 0, 2019: 420, 2020: 640, 2023: 820, 2024: 760 };
export const CHAT_OVERIG_WEIGHT = 25;

/** 2019 melder split (Regiovisie [003:243-247]); 1,352 + 720 + 439 = 2,511: the 4 missing go to professionals (seed-facts §9 item 21). */
export const MELDERS_2019 = { politie: 1352, beroepsmatigOverig: 724, particulier: 439 };

/** Shares of the triage decisions in years without published ones (ASSUMED, near 2023/2024). */
export const BESLUIT_SHARES_2015 = { overdracht: 0.655, vervolgstappen_veilig_thuis: 0.19, geen_vervolgstappen: 0.155, regionale_maatwerktaak: 0 };
export const BESLUIT_SHARES = { overdracht: 0.632, vervolgstappen_veilig_thuis: 0.3, geen_vervolgstappen: 0.064, regionale_maatwerktaak: 0.004 };

/** Conclusion shares for years without published ones: 2023's (the catalogue's order). */
export { CONCLUSIES } from '../../../libs/events/src/enumerations';

/** How a conclusion goes with a decision (ASSUMED from §1.2-1.3: the conclusion is the basis of the triagebesluit). */
export function besluitConclusieAffinity(besluit: string, conclusie: string): number {
  const table: Record<string, Partial<Record<string, number>>> = {
    vervolgstappen_veilig_thuis: { acute_onveiligheid: 2.2, vermoeden_structurele_onveiligheid: 1.6, eenmalig_ernstig_onveilig: 0.5, geen_zorgen: 0.03, geen_zorgen_wel_kwetsbaar: 0.1, multiproblematiek_hulp_lukt_niet: 1.8, multiproblematiek_hulp_mogelijk: 0.5, structurele_onveiligheid: 1.5 },
    overdracht: { acute_onveiligheid: 0.6, vermoeden_structurele_onveiligheid: 1, eenmalig_ernstig_onveilig: 1.2, geen_zorgen: 0.3, geen_zorgen_wel_kwetsbaar: 0.6, multiproblematiek_hulp_lukt_niet: 0.7, multiproblematiek_hulp_mogelijk: 1.5, structurele_onveiligheid: 1 },
    geen_vervolgstappen: { acute_onveiligheid: 0.05, vermoeden_structurele_onveiligheid: 0.2, eenmalig_ernstig_onveilig: 1, geen_zorgen: 12, geen_zorgen_wel_kwetsbaar: 6, multiproblematiek_hulp_lukt_niet: 0.2, multiproblematiek_hulp_mogelijk: 0.6, structurele_onveiligheid: 0.1 },
    regionale_maatwerktaak: { acute_onveiligheid: 2, eenmalig_ernstig_onveilig: 2 },
  };
  return table[besluit]?.[conclusie] ?? 0.5;
}

/** Probability that a case sent to a dienst waits and is closed without it ever starting (§9 item 2: 734 vs 479). */
export const ABANDON_SHARE = 0.33;
