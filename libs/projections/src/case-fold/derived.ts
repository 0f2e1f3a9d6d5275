import type { LocalDate } from '../../../calendar/src';

/** Dimension values of a fact or span; `aard` is a list (a melding may have several). */
export type Dims = Record<string, string | string[]>;

/**
 * One countable thing that happened on a local date: a flow of indicators.md. `klokstop` facts are
 * clock stops (tijdig and doorlooptijd); `weight` lets a pre-aggregated row stand for several.
 */
export interface Fact {
  key: string;
  date: LocalDate;
  dims: Dims;
  tijdig?: boolean;
  days?: number;
  weight?: number;
}

/**
 * A state a case is in between two instants (ms since epoch; `to` null: still in it): waiting in a
 * fase (`wacht`), a dienst running (`dienst`), or a term's clock running (`klok`).
 */
export interface Span {
  kind: 'wacht' | 'dienst' | 'klok';
  caseId: string;
  from: number;
  to: number | null;
  /** When the case entered this state (a wait split by a change of prioriteit keeps it). */
  enteredAt: number;
  deadline: LocalDate | null;
  dims: Dims;
  /** Instants of ContactTijdensWachten of the case (for `wachtlijst_zonder_contact`). */
  contacts: number[];
}

/** A lifecycle oddity: stored and counted, and shown in the data-quality view. */
export interface QualityIssue {
  kind: string;
  eventId?: string;
}

export interface CaseDerivation {
  organisation: string;
  caseId: string;
  facts: Fact[];
  spans: Span[];
  issues: QualityIssue[];
}
