import { nameBasedUuid } from '../../libs/events/src/name-based-uuid';

/** The namespace of every seeded event id (a fixed, random-looking UUID). */
export const SEED_NAMESPACE = '5b0f6c1e-9a57-4c1d-8d2e-6f1a3b7c9e40';

/**
 * A name-based UUID in the seeds' namespace: the same name always gives the same id, so seeding
 * twice appends nothing new (the store treats equal ids as duplicates).
 */
export function deterministicUuid(name: string): string {
  return nameBasedUuid(SEED_NAMESPACE, name);
}
