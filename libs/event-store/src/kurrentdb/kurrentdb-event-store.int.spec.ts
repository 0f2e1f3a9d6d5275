import { randomUUID } from 'node:crypto';
import { createEventStore } from '../create-event-store';
import { describeEventStoreContract } from '../event-store.contract';
import { KurrentDbEventStore } from './kurrentdb-event-store';

// Runs against a real KurrentDB (or EventStoreDB 22.10+) when KURRENTDB_URL is set, e.g.
//   docker run -d -p 2113:2113 docker.kurrent.io/kurrent-latest/kurrentdb --insecure
//   KURRENTDB_URL='kurrentdb://localhost:2113?tls=false' npx jest libs/event-store/src/kurrentdb --selectProjects int
// The server is shared between tests and runs, so every store gets its own stream namespace.
const url = process.env.KURRENTDB_URL;

if (url) {
  describe('KurrentDB', () => {
    it('opens through createEventStore with the VT_EVENT_STORE url', async () => {
      const store = await createEventStore(url);
      expect(store.kind).toBe('kurrentdb');
      await store.ping();
      await store.close();
    });

    describeEventStoreContract('kurrentdb', () => KurrentDbEventStore.connect(url, { namespace: `test${randomUUID().replace(/-/g, '')}-` }));
  });
} else {
  describe.skip('KURRENTDB_URL not set: KurrentDB contract not run', () => {
    it('runs the event store contract against KurrentDB', () => undefined);
  });
}
