import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, describeWithPostgres } from '../../../../test/support/services';
import { createEventStore } from '../create-event-store';
import { describeEventStoreContract } from '../event-store.contract';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
});

describeEventStoreContract('embedded (PGlite)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'vt-embedded-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return createEventStore(`embedded:${dir}`);
});

describeWithPostgres('on PostgreSQL', () => {
  describeEventStoreContract('postgres', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    return createEventStore(db.url);
  });
});
