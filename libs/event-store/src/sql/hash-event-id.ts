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
