import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { Subject } from 'rxjs';
import type { EventStore } from '../../../libs/event-store/src';
import type { ProjectionConfig } from '../../../libs/projections/src';
import type { ProjectionRunner, ReadModel } from '../../../libs/read-model/src';
import type { ApiTokens } from './auth/api-tokens';
import { TokenGuard } from './auth/token.guard';
import { changeFeed } from './dashboard/change-feed';
import { DashboardController } from './dashboard/dashboard.controller';
import { OrganisationsController } from './dashboard/organisations.controller';
import { StreamController } from './dashboard/stream.controller';
import { EraseController } from './erase/erase.controller';
import { HealthController } from './health/health.controller';
import { ErrorsFilter } from './http/errors.filter';
import { IngestController } from './ingest/ingest.controller';
import { IngestEventsHandler } from './ingest/ingest-events.handler';
import { IndicatorsController } from './indicators/indicators.controller';
import { MetricsController } from './metrics/metrics.controller';
import { VtMetrics } from './metrics/vt-metrics';
import { EVENT_STORE, READ_MODEL, PROJECTION_RUNNER, PROJECTION_CONFIG, API_TOKENS, METRICS, ERASURES, CHANGE_FEED } from './injection-tokens';

export interface AppOptions {
  store: EventStore;
  readModel: ReadModel;
  runner: ProjectionRunner;
  tokens: ApiTokens | null;
  /** Terms and norms per organisation (VT_CONFIG), shown by the dashboard. */
  config: ProjectionConfig;
}

@Module({})
export class AppModule {
  static forRoot(options: AppOptions): DynamicModule {
    // Cases erased through the API, so that open dashboards read their figures again.
    const erasures = new Subject<string>();
    return {
      module: AppModule,
      imports: [CqrsModule.forRoot()],
      controllers: [IngestController, IndicatorsController, EraseController, HealthController, MetricsController, DashboardController, StreamController, OrganisationsController],
      providers: [
        { provide: EVENT_STORE, useValue: options.store },
        { provide: READ_MODEL, useValue: options.readModel },
        { provide: PROJECTION_RUNNER, useValue: options.runner },
        { provide: METRICS, useValue: new VtMetrics(options.readModel, options.runner, options.config) },
        { provide: API_TOKENS, useValue: options.tokens },
        { provide: PROJECTION_CONFIG, useValue: options.config },
        { provide: ERASURES, useValue: erasures },
        { provide: CHANGE_FEED, useValue: changeFeed(options.runner, undefined, erasures) },
        { provide: APP_GUARD, useClass: TokenGuard },
        { provide: APP_FILTER, useClass: ErrorsFilter },
        IngestEventsHandler,
      ],
    };
  }
}
