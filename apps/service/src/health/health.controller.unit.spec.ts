import { ServiceUnavailableException } from '@nestjs/common';
import type { EventStore } from '../../../../libs/event-store/src';
import type { ProjectionRunner, ReadModel } from '../../../../libs/read-model/src';
import { HealthController, READY_WAIT_MS } from './health.controller';

/** A runner that is behind until `catchUpAfterMs` (never, when undefined). */
function controller(catchUpAfterMs?: number) {
  const runner = { halted: undefined, rebuilding: false, caughtUp: false };
  if (catchUpAfterMs !== undefined) setTimeout(() => (runner.caughtUp = true), catchUpAfterMs);
  const store = { kind: 'postgres', ping: async () => undefined } as unknown as EventStore;
  // Read models that hold nothing folded yet: readComplete finds no rebuild and no settings.
  const readModel = { db: { query: async () => [] }, settings: 'own' } as unknown as ReadModel;
  return new HealthController(store, runner as unknown as ProjectionRunner, readModel);
}

describe('GET /health/ready', () => {
  it('waits for projections a moment behind (a page under way after an append) and answers ready, caught up', async () => {
    await expect(controller(150).ready()).resolves.toEqual({ status: 'ready', store: 'postgres', projections: 'caught up' });
  });

  it('answers 503 catching up when they have not caught up within the wait', async () => {
    const started = Date.now();
    const answer = controller().ready();
    await expect(answer).rejects.toBeInstanceOf(ServiceUnavailableException);
    await expect(answer).rejects.toMatchObject({ response: { status: 'not ready', projections: 'catching up' } });
    expect(Date.now() - started).toBeGreaterThanOrEqual(READY_WAIT_MS - 50);
    expect(Date.now() - started).toBeLessThan(READY_WAIT_MS + 1_000);
  });
});
