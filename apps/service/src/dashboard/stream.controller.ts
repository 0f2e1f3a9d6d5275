import { Controller, Inject, Req, Sse, type BeforeApplicationShutdown, type MessageEvent } from '@nestjs/common';
import { filter, interval, map, merge, Subject, takeUntil, type Observable } from 'rxjs';
import { mayUseOrganisation } from '../auth/api-tokens';
import { RequiresRole } from '../auth/roles.decorator';
import type { AuthenticatedRequest } from '../auth/token.guard';
import type { Change } from './change-feed';
import { CHANGE_FEED } from '../injection-tokens';

/** A comment-free heartbeat every so often keeps proxies from closing an idle stream and tells the page the link is alive. */
export const HEARTBEAT_MS = 15_000;

@Controller('api/v1')
export class StreamController implements BeforeApplicationShutdown {
  /** Ends every open stream when the service stops: an open dashboard would otherwise keep the HTTP server from closing. */
  private readonly stopping = new Subject<void>();

  constructor(@Inject(CHANGE_FEED) private readonly changes: Observable<Change>) {}

  beforeApplicationShutdown(): void {
    this.stopping.next();
    this.stopping.complete();
  }

  /**
   * Server-sent events: `changed` when the read models have taken in events (of the
   * organisations the token covers), `heartbeat` every 15 s. No case data, only positions and
   * times; the page then reads the indicators again.
   */
  @Sse('stream')
  @RequiresRole('read')
  stream(@Req() req: AuthenticatedRequest): Observable<MessageEvent> {
    const principal = req.principal;
    const changed = this.changes.pipe(
      map((c) => ({ ...c, organisations: c.organisations.filter((o) => mayUseOrganisation(principal, o)) })),
      filter((c) => c.organisations.length > 0),
      map((data): MessageEvent => ({ type: 'changed', data })),
    );
    const heartbeat = interval(HEARTBEAT_MS).pipe(map((): MessageEvent => ({ type: 'heartbeat', data: { time: new Date().toISOString() } })));
    return merge(changed, heartbeat).pipe(takeUntil(this.stopping));
  }
}
