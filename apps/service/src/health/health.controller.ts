import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { EventStore } from '../../../../libs/event-store/src';
import { EVENT_STORE } from '../store/event-store.provider';

@Controller('health')
export class HealthController {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Get('live')
  live() {
    return { status: 'live' };
  }

  /** Ready when the store answers. */
  @Get('ready')
  async ready() {
    try {
      await this.store.ping();
    } catch {
      throw new ServiceUnavailableException({ status: 'not ready', store: 'unreachable' });
    }
    return { status: 'ready', store: this.store.kind };
  }
}
