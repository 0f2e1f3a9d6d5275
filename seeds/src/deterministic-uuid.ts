import { createHash, hash as oneShotHash } from 'node:crypto';

/** The namespace of every seeded event id (a fixed, random-looking UUID). */
export const SEED_NAMESPACE = '5b0f6c1e-9a57-4c1d-8d2e-6f1a3b7c9e40';

const namespaceBytes = Buffer.from(SEED_NAMESPACE.replace(/-/g, ''), 'hex');

/**
 * A name-based UUID (version 5, RFC 9562: SHA-1 of namespace and name): the same name always gives
 * the same id, so seeding twice appends nothing new (the store treats equal ids as duplicates).
 */
export function deterministicUuid(name: string): string {
  const input = Buffer.concat([namespaceBytes, Buffer.from(name, 'utf8')]);
  // the one-shot hash (Node ≥ 20.12) is several times faster than a Hash object per id
  const hash = typeof oneShotHash === 'function' ? (oneShotHash('sha1', input, 'buffer') as unknown as Buffer) : createHash('sha1').update(input).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
