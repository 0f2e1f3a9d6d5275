import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { VtEvent } from '../../../events/src';
import { createTestDatabase, describeWithPostgres } from '../../../../test/support/services';
import { createEventStore } from '../create-event-store';
import type { EventStore } from '../event-store.port';
import { CatchUpSubscription } from '../subscribe-to-all';

const TOTAL = 200_000;
const WRITERS = 8;
const BATCH = 100;
const CASES = 20_000;

function contact(caseId: string): VtEvent {
  return { id: randomUUID(), type: 'ContactTijdensWachten', organisation: 'VTIJ', caseId, occurredAt: '2024-05-01T09:00:00+02:00', data: { met: 'melder' } };
}

function follower(store: EventStore) {
  const seen: string[] = [];
  const sub = new CatchUpSubscription(store, { batchSize: 2000, pollIntervalMs: 100, handle: async (events) => void seen.push(...events.map((e) => e.id)) });
  return { seen, sub };
}

/**
 * The sequence-gap problem of SQL event stores: with concurrent writers, a transaction can take a
 * lower sequence number than one that commits before it. Readers that checkpoint on the sequence
 * alone skip such events. Here 8 writers race while 2 subscribers follow live; a third reads from
 * zero afterwards. All three must see every event exactly once, in the same order.
 */
async function raceWritersAgainstSubscribers(store: EventStore): Promise<void> {
  const live = [follower(store), follower(store)];
  live.forEach((f) => f.sub.start());
  const written = new Set<string>();
  const perWriter = TOTAL / WRITERS;
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let done = 0; done < perWriter; done += BATCH) {
        const batch = Array.from({ length: BATCH }, (_, i) => contact(`C-${(w * 7919 + done + i) % CASES}`));
        await store.appendBatch(batch);
        batch.forEach((e) => written.add(e.id));
      }
    }),
  );
  const deadline = Date.now() + 120_000;
  while (live.some((f) => f.seen.length < TOTAL) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // Give a subscriber that would repeat events the chance to do so before we look.
  await new Promise((r) => setTimeout(r, 300));
  await Promise.all(live.map((f) => f.sub.stop()));

  const late = follower(store);
  late.sub.start();
  await late.sub.waitUntilCaughtUp();
  await late.sub.stop();

  expect(written.size).toBe(TOTAL);
  for (const f of [...live, late]) {
    expect(f.seen).toHaveLength(TOTAL);
    expect(new Set(f.seen).size).toBe(TOTAL);
    expect(f.seen.every((id) => written.has(id))).toBe(true);
  }
  expect(live[0].seen).toEqual(late.seen);
  expect(live[1].seen).toEqual(late.seen);
}

describeWithPostgres('8 concurrent writers against live subscribers on PostgreSQL', () => {
  it(`delivers all ${TOTAL} events exactly once, in one order all subscribers agree on`, async () => {
    const db = await createTestDatabase();
    const store = await createEventStore(db.url);
    try {
      await raceWritersAgainstSubscribers(store);
    } finally {
      await store.close();
      await db.drop();
    }
  }, 300_000);
});

describe('8 concurrent writers against live subscribers on the embedded store', () => {
  it(`delivers all ${TOTAL} events exactly once, in one order all subscribers agree on`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vt-race-'));
    const store = await createEventStore(`embedded:${dir}`);
    try {
      await raceWritersAgainstSubscribers(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);
});
