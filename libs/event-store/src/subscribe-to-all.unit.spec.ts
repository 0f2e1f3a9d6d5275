import type { EventStore, ReadAllPage, RecordedEvent } from './event-store.port';
import { CatchUpSubscription } from './subscribe-to-all';

/** A store that serves the pages the test queues and sends no append notifications (a lost LISTEN connection). */
function silentStore() {
  const pages: ReadAllPage[] = [];
  const store = {
    onAppend: () => () => {},
    async readAll({ from }: { from: string }) {
      return pages[0] ?? { events: [], next: from };
    },
  } as unknown as EventStore;
  return { store, pages };
}

const event = { id: 'e-1', caseId: 'C-1' } as unknown as RecordedEvent;
const turn = (ms = 60) => new Promise((r) => setTimeout(r, ms));

describe('CatchUpSubscription.caughtUp', () => {
  it('is false while a page the poll found cannot be applied, though no notification said the log moved', async () => {
    const { store, pages } = silentStore();
    let failing = true;
    const sub = new CatchUpSubscription(store, {
      pollIntervalMs: 10,
      handle: async () => {
        if (failing) throw new Error('rm_cases: write refused');
        pages.shift();
      },
      onError: () => {},
    }).start();
    try {
      await sub.waitUntilCaughtUp();
      expect(sub.caughtUp).toBe(true);

      pages.push({ events: [event], next: 'p1' });
      // The failing page is retried a second apart; between tries the subscription is still behind.
      await turn(1_200);
      expect(sub.caughtUp).toBe(false);

      failing = false;
      await sub.waitUntilCaughtUp();
      expect(sub.caughtUp).toBe(true);
    } finally {
      await sub.stop();
    }
  });
});
