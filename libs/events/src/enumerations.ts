// The enumerations of spec/events.md, each once. Order follows the spec (conclusie: the eight VTIJ
// categories in the order of seed-facts §1.3).

export const EVENT_TYPES = [
  'AdviesvraagOntvangen',
  'AdviesvraagAfgerond',
  'MeldingOntvangen',
  'VeiligheidsbeoordelingAfgerond',
  'TriagebesluitGenomen',
  'EersteContactGelegd',
  'PrioriteitVastgesteld',
  'ContactTijdensWachten',
  'DienstGestart',
  'DienstAfgerond',
  'OverdrachtGedaan',
  'MonitoringContactGehad',
  'MonitoringAfgerond',
  'TijdelijkHuisverbodOpgelegd',
  'ZaakAfgesloten',
  'RegistratieIngetrokken',
  'TermijnOverschreden',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const DIENSTEN = ['voorwaarden_en_vervolg', 'onderzoek', 'zicht_op_veiligheid'] as const;
export type Dienst = (typeof DIENSTEN)[number];

export const BESLUITEN = ['vervolgstappen_veilig_thuis', 'overdracht', 'geen_vervolgstappen', 'regionale_maatwerktaak'] as const;
export type Besluit = (typeof BESLUITEN)[number];

export const PRIORITEITEN = ['acuut', 'hoog', 'midden', 'laag'] as const;
export type Prioriteit = (typeof PRIORITEITEN)[number];

export const AARDEN = [
  'partnergeweld',
  'kindermishandeling',
  'ouderenmishandeling',
  'geweld_tegen_ouders',
  'huiselijk_geweld_overig',
  'andere_problematiek',
  'onbekend',
] as const;
export type Aard = (typeof AARDEN)[number];

export const BEROEPSMATIGE_GROEPEN = [
  'justitie_en_veiligheid',
  'medisch',
  'paramedisch',
  'onderwijs',
  'kinderopvang',
  'psychosociaal',
  'beroepsmatig_anders',
] as const;
export const PARTICULIERE_GROEPEN = [
  'directbetrokkene_volwassene',
  'directbetrokkene_jeugdige',
  'familielid',
  'sociaal_netwerk',
  'buurtbewoner',
  'vrijwilliger',
  'anders',
] as const;

export const CONCLUSIES = [
  'acute_onveiligheid',
  'vermoeden_structurele_onveiligheid',
  'eenmalig_ernstig_onveilig',
  'geen_zorgen',
  'geen_zorgen_wel_kwetsbaar',
  'multiproblematiek_hulp_lukt_niet',
  'multiproblematiek_hulp_mogelijk',
  'structurele_onveiligheid',
] as const;
export type Conclusie = (typeof CONCLUSIES)[number];

export const PARTIJEN = [
  'sociaal_team',
  'jeugdhulp',
  'clientsysteem',
  'ggz',
  'gezondheidszorg',
  'hg_hulpverlening',
  'maatschappelijk_werk',
  'maatschappelijke_opvang',
  'beschermd_wonen',
  'justitie',
  'veilig_thuis_andere_regio',
  'anders',
] as const;

export const TERMIJNEN = ['veiligheidsbeoordeling', 'triage', 'eerste_contact', 'voorwaarden_en_vervolg', 'onderzoek'] as const;
export type Termijn = (typeof TERMIJNEN)[number];

export const KANALEN = ['telefoon', 'chat', 'email', 'locatie'] as const;
export const UITKOMSTEN = ['advies', 'ondersteuning', 'melding'] as const;
export const CONTACT_MET = ['melder', 'directbetrokkenen', 'lokaal_team'] as const;
export const OVERDRACHT_SOORTEN = ['direct', 'na_actieve_betrokkenheid'] as const;
export const MONITORING_MOMENTEN = ['3_maanden', '12_maanden', 'extra'] as const;
export const AFSLUITREDENEN = ['afgerond', 'geen_vervolg', 'samengevoegd', 'overig'] as const;
