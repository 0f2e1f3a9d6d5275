import { createHash } from 'node:crypto';

/** What is kept of an erased event's id: enough to refuse a re-sent copy, nothing to read back. */
export function hashEventId(id: string): string {
  return createHash('sha256').update(id.toLowerCase()).digest('hex');
}

/**
 * What is kept of an erased event's body, beside its id's hash: enough to tell a re-sent copy (a
 * duplicate) from the id reused with another body (a conflict), and, as the id is random, nothing
 * to read the body back from.
 */
export function hashErasedCopy(id: string, fingerprint: string): string {
  return createHash('sha256').update(`${id.toLowerCase()}\n${fingerprint}`).digest('hex');
}

/**
 * Whether an event with an erased id is a copy of the erased event (a duplicate: it must not bring
 * the case back) rather than the id reused with another body (a conflict). `copy`: what the erasure
 * kept (null when it was recorded before bodies were, and then every event with the id counts as a copy).
 */
export function isCopyOfErased(copy: string | null, id: string, fingerprint: string): boolean {
  return copy === null || copy === hashErasedCopy(id, fingerprint);
}
