import { createHash } from 'node:crypto';

/** What is kept of an erased event's id: enough to refuse a re-sent copy, nothing to read back. */
export function hashEventId(id: string): string {
  return createHash('sha256').update(id.toLowerCase()).digest('hex');
}
