/**
 * What the VT NOG generator needs beyond published-figures.json: the per-municipality annex of the
 * 2024 annual report (seed-facts §7, not all of it published as rows), volumes of the lead-in year
 * 2022 and of 2025 where only totals are known, and shares. Cited or marked ASSUMED.
 */
export const VTNOG = 'VTNOG';

/** The municipalities in the order of the annex tables (= reference/organisations.json). */
export const VTNOG_GEMEENTEN = [
  'GM0200', 'GM0213', 'GM0232', 'GM0244', 'GM0246', 'GM0262', 'GM0285', 'GM0301',
  'GM0197', 'GM1859', 'GM1876', 'GM0222', 'GM1955', 'GM1586', 'GM1509', 'GM0294',
  'GM0230', 'GM0233', 'GM0243', 'GM0302', 'GM0269', 'GM0273',
] as const;

export const DEELREGIO: Record<string, 'Midden-IJssel' | 'Achterhoek' | 'Noord-Veluwe'> = Object.fromEntries(
  VTNOG_GEMEENTEN.map((g, i) => [g, i < 8 ? 'Midden-IJssel' : i < 16 ? 'Achterhoek' : 'Noord-Veluwe']),
);

const perGemeente = (values: number[]) => new Map(VTNOG_GEMEENTEN.map((g, i) => [g as string, values[i]]));

/** Table N-G1 (2024 / 2023): kernprestaties per municipality, used as propensities per gemeente. */
export const ANNEX = {
  eersteContact: { 2024: perGemeente([369, 53, 50, 16, 27, 54, 33, 146, 46, 72, 51, 179, 98, 58, 123, 85, 46, 61, 122, 51, 38, 50]), 2023: perGemeente([415, 45, 67, 23, 39, 69, 37, 180, 41, 91, 56, 184, 97, 45, 131, 117, 48, 74, 155, 62, 53, 48]) },
  directeOverdracht: { 2024: perGemeente([260, 33, 37, 13, 21, 31, 18, 104, 27, 43, 38, 136, 69, 32, 89, 60, 33, 42, 91, 34, 24, 34]), 2023: perGemeente([289, 40, 40, 20, 32, 45, 24, 140, 23, 72, 39, 149, 67, 26, 76, 48, 35, 50, 103, 39, 37, 37]) },
  overdrachtNaBetrokkenheid: { 2024: perGemeente([157, 18, 15, 6, 7, 18, 15, 59, 32, 32, 29, 92, 58, 41, 54, 39, 20, 24, 46, 26, 9, 19]), 2023: perGemeente([180, 14, 26, 9, 12, 27, 13, 70, 17, 39, 27, 77, 56, 18, 44, 46, 22, 36, 68, 21, 19, 17]) },
  monitoren: { 2024: perGemeente([284, 21, 35, 10, 18, 43, 16, 95, 36, 55, 44, 113, 67, 38, 73, 69, 32, 42, 81, 34, 17, 24]), 2023: perGemeente([329, 28, 43, 15, 27, 47, 14, 111, 16, 57, 37, 153, 78, 34, 81, 70, 34, 45, 92, 31, 34, 28]) },
  zichtOpVeiligheid: { 2024: perGemeente([39, 3, 4, 1, 1, 4, 5, 20, 2, 7, 8, 7, 10, 6, 9, 10, 2, 4, 10, 4, 3, 0]), 2023: perGemeente([37, 2, 2, 3, 2, 7, 2, 12, 2, 10, 3, 9, 9, 2, 6, 9, 3, 2, 5, 3, 1, 2]) },
  /** Table N-G2: uitvoering tijdelijk huisverbod; sums to the published 37 / 39. */
  huisverbod: { 2024: perGemeente([10, 2, 0, 1, 0, 3, 0, 3, 0, 1, 0, 4, 1, 3, 3, 2, 0, 0, 1, 1, 2, 0]), 2023: perGemeente([6, 0, 0, 0, 2, 2, 0, 2, 1, 3, 2, 3, 7, 1, 1, 1, 2, 1, 3, 0, 2, 0]) },
};

/** Table N-G3, 2024: aard of meldingen and adviezen per municipality (KM, partner, andere, HG overig, geweld tegen ouders, ouderen). */
const AARD_ORDER = ['kindermishandeling', 'partnergeweld', 'andere_problematiek', 'huiselijk_geweld_overig', 'geweld_tegen_ouders', 'ouderenmishandeling'] as const;
const aardRows = (rows: number[][]) => new Map(VTNOG_GEMEENTEN.map((g, i) => [g as string, AARD_ORDER.map((a, j) => [a as string, rows[i][j]] as [string, number])]));
export const MELDING_AARD_2024 = aardRows([
  [362, 262, 33, 60, 28, 10], [41, 37, 4, 9, 4, 1], [51, 24, 0, 4, 9, 1], [20, 12, 0, 3, 1, 0], [40, 22, 2, 6, 10, 1], [44, 27, 2, 6, 6, 3], [29, 21, 2, 6, 1, 2], [151, 122, 6, 25, 12, 2],
  [41, 26, 0, 12, 4, 0], [59, 45, 1, 12, 3, 5], [40, 25, 2, 12, 7, 0], [157, 148, 7, 35, 12, 2], [74, 68, 6, 13, 8, 2], [51, 44, 2, 3, 14, 0], [108, 61, 7, 20, 20, 4], [71, 56, 3, 8, 10, 1],
  [37, 24, 2, 7, 3, 0], [41, 40, 1, 10, 4, 5], [112, 81, 9, 21, 11, 0], [42, 30, 3, 9, 9, 1], [33, 14, 0, 9, 8, 0], [48, 35, 2, 6, 3, 1],
]);
export const ADVIES_AARD_2024 = aardRows([
  [849, 450, 376, 71, 38, 31], [56, 30, 31, 14, 6, 8], [102, 55, 49, 11, 4, 8], [42, 27, 10, 5, 2, 7], [79, 30, 21, 6, 4, 6], [103, 52, 27, 7, 8, 3], [77, 58, 27, 5, 0, 2], [288, 145, 99, 31, 10, 15],
  [89, 42, 37, 18, 3, 8], [216, 83, 91, 35, 10, 16], [89, 42, 32, 11, 5, 4], [333, 180, 128, 33, 21, 14], [97, 54, 50, 15, 8, 1], [75, 45, 35, 8, 2, 5], [150, 55, 69, 17, 11, 4], [104, 53, 59, 15, 3, 5],
  [109, 45, 55, 14, 8, 7], [123, 47, 60, 15, 10, 16], [246, 119, 116, 16, 15, 5], [103, 48, 64, 11, 6, 8], [71, 21, 29, 7, 10, 3], [93, 37, 46, 8, 0, 2],
]);

/** Table N-G5, 2024: meldingen in the header, of which beroepsmatig, of which police; and professional / police adviezen. */
export const MELDER_2024 = perGemeente([536, 71, 68, 22, 51, 68, 42, 225, 57, 94, 63, 249, 116, 82, 169, 114, 54, 75, 167, 65, 48, 66]);
export const MELDER_BEROEPSMATIG_2024 = perGemeente([455, 68, 55, 19, 43, 65, 38, 202, 52, 76, 61, 220, 100, 67, 151, 103, 47, 67, 152, 54, 38, 58]);
export const MELDER_POLITIE_2024 = perGemeente([303, 49, 36, 14, 26, 39, 28, 151, 34, 46, 43, 171, 76, 51, 117, 81, 25, 51, 122, 30, 23, 42]);
export const ADVIES_BEROEPSMATIG_2024 = perGemeente([779, 75, 107, 34, 69, 100, 76, 271, 96, 267, 65, 305, 110, 79, 159, 113, 96, 115, 222, 107, 74, 86]);
export const ADVIES_POLITIE_2024 = perGemeente([33, 3, 6, 2, 2, 4, 6, 20, 6, 7, 2, 22, 5, 3, 6, 8, 3, 5, 17, 5, 5, 7]);

/** 2022 lead-in: the sub-region chart (seed-facts §5.2), spread by 2023's shares; outside the region ASSUMED. */
export const LEAD_IN_2022 = {
  meldingen: { 'Midden-IJssel': 1168, Achterhoek: 974, 'Noord-Veluwe': 559, overig: 260 },
  adviezen: { 'Midden-IJssel': 2195, Achterhoek: 1411, 'Noord-Veluwe': 1056, overig: 1000 },
};

/** Chat requests: published in the 17-line table for 2023 / 2024 (541 / 582, [001:944]); 2022 and 2025 ASSUMED. */
export const CHAT: Record<number, number> = { 2022: 480, 2023: 541, 2024: 582, 2025: 640 };

/** Shares of melder groups within professional and private reporters (ASSUMED: VTIJ's 2024 shares). */
export const BEROEPSMATIG_OVERIG_SHARES: [string, number][] = [['medisch', 187], ['onderwijs', 122], ['psychosociaal', 294], ['kinderopvang', 16], ['paramedisch', 2], ['beroepsmatig_anders', 72]];
export const PARTICULIER_SHARES: [string, number][] = [['anders', 75], ['buurtbewoner', 83], ['directbetrokkene_jeugdige', 7], ['directbetrokkene_volwassene', 120], ['familielid', 53], ['sociaal_netwerk', 28], ['vrijwilliger', 2]];
export const ADVIES_BEROEPSMATIG_OVERIG_SHARES: [string, number][] = [['medisch', 251], ['onderwijs', 381], ['psychosociaal', 1004], ['kinderopvang', 71], ['paramedisch', 24], ['beroepsmatig_anders', 114]];
export const ADVIES_PARTICULIER_SHARES: [string, number][] = [['anders', 68], ['buurtbewoner', 274], ['directbetrokkene_jeugdige', 94], ['directbetrokkene_volwassene', 1077], ['familielid', 318], ['sociaal_netwerk', 346], ['vrijwilliger', 14]];

/** Out of region: professional 90%, police 68% of professional (the text, [001:1054-1056]). */
export const OVERIG_MELDER = { beroepsmatig: 0.9, politie: 0.68 };

/** Share of crises among meldingen (ASSUMED; VT NOG's Samen Op In Acuut pilot, [001:654-680]). */
export const CRISIS_SHARE = 0.065;

/** Of the zicht-op-veiligheid starts, the share that follows a V&V or onderzoek that could not be transferred (ASSUMED; §9 item 19). */
export const ZOV_AFTER_DIENST = 0.3;

export const DIRECT_PARTIJEN: [string, number][] = [['sociaal_team', 40], ['clientsysteem', 22], ['jeugdhulp', 18], ['ggz', 5], ['hg_hulpverlening', 4], ['maatschappelijk_werk', 4], ['gezondheidszorg', 3], ['justitie', 1], ['anders', 3]];
export const AB_PARTIJEN: [string, number][] = [['sociaal_team', 35], ['jeugdhulp', 30], ['ggz', 8], ['hg_hulpverlening', 7], ['clientsysteem', 8], ['justitie', 6], ['maatschappelijke_opvang', 2], ['beschermd_wonen', 2], ['anders', 2]];
