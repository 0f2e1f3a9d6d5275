import type { EventStore, ReadAllPage, RecordedEvent } from './event-store.port';
import { START } from './event-store.port';
import { CatchUpSubscription } from './subscribe-to-all';

/** A store that serves the pages the test queues, and lets the test say when an append happened. */
function storeStub() {
  const pages: ReadAllPage[] = [];
  let onAppend: () => void = () => {};
  const store = {
    onAppend(listener: () => void) {
      onAppend = listener;
      return () => {};
    },
    async readAll({ from }: { from: string }) {
      return pages.shift() ?? { events: [], next: from };
    },
  } as unknown as EventStore;
  return { store, pages, append: () => onAppend() };
}

const event = (n: number) => ({ id: `e-${n}`, caseId: `C-${n}` }) as unknown as RecordedEvent;
const turn = () => new Promise((r) => setTimeout(r, 20));

describe('CatchUpSubscription.caughtUpWithin', () => {
  it('counts a subscription briefly behind after an append as following the log, until the time given has passed', async () => {
    const { store, pages, append } = storeStub();
    let release!: () => void;
    const sub = new CatchUpSubscription(store, {
      pollIntervalMs: 10,
      handle: () => new Promise<void>((r) => (release = r)),
    }).start();
    await sub.waitUntilCaughtUp();
    expect(sub.caughtUpWithin(0)).toBe(true);

    // An append; its page is being applied.
    pages.push({ events: [event(1)], next: 'p1' });
    append();
    await turn();
    expect(sub.caughtUp).toBe(false);
    expect(sub.caughtUpWithin(10_000)).toBe(true);
    expect(sub.caughtUpWithin(10_000, Date.now() + 10_001)).toBe(false);

    release();
    await sub.waitUntilCaughtUp();
    expect(sub.caughtUp).toBe(true);
    expect(sub.caughtUpWithin(0)).toBe(true);
    await sub.stop();
  });

  it('is not within any time before it has caught up once (a first start reading the log)', async () => {
    const { store, pages } = storeStub();
    let release!: () => void;
    pages.push({ events: [event(1)], next: 'p1' });
    const sub = new CatchUpSubscription(store, { from: START, pollIntervalMs: 10, handle: () => new Promise<void>((r) => (release = r)) }).start();
    await turn();
    expect(sub.caughtUpWithin(60_000)).toBe(false);
    release();
    await sub.waitUntilCaughtUp();
    expect(sub.caughtUpWithin(0)).toBe(true);
    await sub.stop();
  });
});
