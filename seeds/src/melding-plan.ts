import type { Wall } from './amsterdam-time';
import type { Day } from './day-index';

export type Soort = 'beroepsmatig' | 'particulier';
export interface Melder {
  soort: Soort;
  groep: string;
}
export type Prioriteit = 'acuut' | 'hoog' | 'midden' | 'laag';
export type DienstTerm = 'voorwaarden_en_vervolg' | 'onderzoek';
export type DienstName = DienstTerm | 'zicht_op_veiligheid';
export type BesluitName = 'vervolgstappen_veilig_thuis' | 'overdracht' | 'geen_vervolgstappen' | 'regionale_maatwerktaak';

/**
 * Everything the planners decide about one melding, by day. The builder (`melding-draft.ts`) turns
 * it into events; the planners only decide days and categories, so that every count, every term
 * and every period is settled before a single event exists.
 */
export interface MeldingPlan {
  organisation: string;
  caseId: string;
  /** Local year of the melding: the seed set it belongs to. */
  year: number;
  day: Day;
  wall: Wall;
  gemeente: string;
  melder: Melder;
  aard: string[];
  crisis: boolean;
  prioriteit: Prioriteit;
  /** A tijdelijk huisverbod imposed the day of the melding (crisis). */
  thv?: boolean;
  /** Eerste contact met directbetrokkenen. */
  ec?: Day;
  vb?: { day: Day; conclusie?: string; correctedFrom?: string };
  triage?: { day: Day; besluit?: BesluitName; dienst?: DienstName };
  /** The VT dienst the triage sent the case to (V&V or onderzoek; VT NOG also ZoV). */
  dienst?: {
    dienst: DienstName;
    start?: Day;
    stop?: Day;
    /** The case waited and was closed without the dienst ever starting. */
    abandoned?: boolean;
  };
  /** Zicht op veiligheid after the dienst (VT NOG): no transfer possible yet. */
  zov?: { start: Day; stop?: Day };
  transfer?: { day: Day; soort: 'direct' | 'na_actieve_betrokkenheid'; partij: string };
  monitoring?: { m3?: Day; extra?: Day; done: Day };
  close?: { day: Day; reden: 'afgerond' | 'geen_vervolg' | 'samengevoegd' | 'overig' };
  /** Priority raised during the wait (weekly review). */
  raisedOn?: Day;
}
