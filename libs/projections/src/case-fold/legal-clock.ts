import type { Dims } from './derived';

/** A legal clock: the term's clock that the law counts (for a dienst, from the triagebesluit). */
export function isLegalClock(s: { kind: string; deadline: string | null; dims: Dims }): boolean {
  return s.kind === 'klok' && s.deadline !== null && (s.dims.klok === undefined || s.dims.klok === 'vanaf_triage');
}
