import { BadRequestException, Controller, Delete, Inject, Logger, Param, Req, type OnModuleDestroy } from '@nestjs/common';
import type { Subject } from 'rxjs';
import type { EventStore } from '../../../../libs/event-store/src';
import { isCaseId } from '../../../../libs/events/src';
import { assertOrganisationAccess } from '../auth/organisation-access';
import { RequiresRole } from '../auth/roles.decorator';
import type { AuthenticatedRequest } from '../auth/token.guard';
import type { ReadModel } from '../../../../libs/read-model/src';
import { CoalescedTask } from './coalesced-task';
import { EVENT_STORE, READ_MODEL, ERASURES } from '../injection-tokens';

/** `DELETE /api/v1/organisations/{org}/cases/{caseId}`: the HTTP form of `vt-monitor erase` (admin only). */
@Controller('api/v1/organisations/:org/cases/:caseId')
export class EraseController implements OnModuleDestroy {
  private readonly logger = new Logger('erase');
  /**
   * The VACUUM after an erasure, once the answer is out (it reads the tables' indexes: seconds on a
   * national log, and on the embedded store the service's thread); erasures that come meanwhile
   * share the next. Erased and committed already, so a failure is logged, not an error.
   */
  private readonly vacuum = new CoalescedTask(
    () => this.readModel.vacuumAfterErasure(),
    (err) => this.logger.warn(`erased; the VACUUM afterwards failed (autovacuum will do it): ${(err as Error).message}`),
  );

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
    @Inject(ERASURES) private readonly erasures: Subject<string>,
  ) {}

  /** A closing service waits for the VACUUM under way (its database closes next). */
  async onModuleDestroy(): Promise<void> {
    await this.vacuum.settled();
  }

  @Delete()
  @RequiresRole('admin')
  async erase(@Req() req: AuthenticatedRequest, @Param('org') org: string, @Param('caseId') caseId: string) {
    // An admin token limited to some organisations erases only their cases (404 unknown, 403 not covered).
    assertOrganisationAccess(req.principal, org);
    if (!isCaseId(caseId)) throw new BadRequestException({ error: 'caseId must match ^[A-Za-z0-9._-]{1,64}$ and not be exactly nine digits (no case id is: that is the shape of a BSN)' });
    const { eventsErased } = await this.store.eraseCase(org, caseId);
    await this.readModel.eraseCase(org, caseId);
    this.erasures.next(org);
    this.vacuum.request();
    return { organisation: org, eventsErased };
  }
}
