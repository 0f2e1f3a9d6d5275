import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { VtMetrics } from './vt-metrics';
import { METRICS } from '../injection-tokens';

/** `GET /metrics`: the Prometheus exposition (no token: scrapers reach it on the service's network). */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS) private readonly metrics: VtMetrics) {}

  @Get()
  async scrape(@Res() res: Response): Promise<void> {
    res.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
