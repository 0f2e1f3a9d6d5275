import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { EventStore } from '../../../../libs/event-store/src';
import { readComplete, ReadModelSettingsError, ReadModelsRebuildingError, type ProjectionRunner, type ReadModel } from '../../../../libs/read-model/src';
import { EVENT_STORE, READ_MODEL, PROJECTION_RUNNER } from '../injection-tokens';

/**
 * How long `/health/ready` waits for the projections to catch up before it says they have not.
 * interfaces.md: ready only when the projections have caught up; a caller that saw 200 may count
 * on reports holding every event appended before. Under steady ingest the projections are behind
 * for a moment after every append (seen in a soak: 14 % of probes 503 at 6.6 events/s), and a
 * probe answered at such a moment would take the instance out of a load balancer; waiting for the
 * page under way answers 200, caught up. Under a second: probes time out after one by default.
 */
export const READY_WAIT_MS = 900;

@Controller('health')
export class HealthController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
  ) {}

  @Get('live')
  live() {
    return { status: 'live' };
  }

  /** Ready when the store answers, the projections have caught up with the log and no rebuild has the read models. */
  @Get('ready')
  async ready() {
    try {
      await this.store.ping();
    } catch {
      throw new ServiceUnavailableException({ status: 'not ready', store: 'unreachable' });
    }
    // Stopped: the read models were rebuilt elsewhere with other settings (VT_CONFIG); restart with them.
    // Asked before and after the wait for a catch-up: a runner may halt meanwhile.
    const stopped = () => {
      if (this.runner.halted) throw new ServiceUnavailableException({ status: 'not ready', store: this.store.kind, projections: 'stopped', reason: this.runner.halted });
    };
    stopped();
    // This process's runner rebuilding (a first start, read models of another fold) says so, as a rebuild elsewhere does.
    if (!this.runner.rebuilding && !this.runner.caughtUp) await this.caughtUpWithin(READY_WAIT_MS);
    stopped();
    if (this.runner.rebuilding || !this.runner.caughtUp) throw new ServiceUnavailableException({ status: 'not ready', store: this.store.kind, projections: this.runner.rebuilding ? 'rebuilding' : 'catching up' });
    // A rebuild in another process has the read models: the reports answer 503 meanwhile, and so
    // does this, from its first moment rather than once this process's runner notices it.
    try {
      await readComplete(this.readModel.db, async () => undefined, this.readModel.settings);
    } catch (err) {
      if (err instanceof ReadModelsRebuildingError) throw new ServiceUnavailableException({ status: 'not ready', store: this.store.kind, projections: 'rebuilding' });
      // Rebuilt elsewhere with other settings: stopped from this moment, before the runner's own halt says why too.
      if (err instanceof ReadModelSettingsError) throw new ServiceUnavailableException({ status: 'not ready', store: this.store.kind, projections: 'stopped', reason: err.message });
      throw err;
    }
    return { status: 'ready', store: this.store.kind, projections: 'caught up' };
  }

  /** Waits at most `ms` for the runner to catch up (looks every 25 ms: no waiter is left behind when it does not). */
  private async caughtUpWithin(ms: number): Promise<void> {
    const end = Date.now() + ms;
    while (!this.runner.caughtUp && !this.runner.rebuilding && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  }
}
