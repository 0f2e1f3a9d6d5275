import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { EventStore } from '../../../../libs/event-store/src';
import type { ProjectionRunner } from '../../../../libs/read-model/src';
import { EVENT_STORE, PROJECTION_RUNNER } from '../store/event-store.provider';

@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner) {}

  @Get('live')
  live() {
    return { status: 'live' };
  }

  /** Ready when the store answers and the projections have caught up with the log. */
  @Get('ready')
  async ready() {
    try {
      await this.store.ping();
    } catch {
      throw new ServiceUnavailableException({ status: 'not ready', store: 'unreachable' });
    }
    if (!this.runner.caughtUp) throw new ServiceUnavailableException({ status: 'not ready', store: this.store.kind, projections: 'catching up' });
    return { status: 'ready', store: this.store.kind, projections: 'caught up' };
  }
}
