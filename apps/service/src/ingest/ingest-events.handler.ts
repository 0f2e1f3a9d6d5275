import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { EventStore } from '../../../../libs/event-store/src';
import { ingestEvents, validateRecords, type IngestSummary } from '../../../../libs/ingest/src';
import { mayUseOrganisation } from '../auth/api-tokens';
import { IngestEventsCommand } from './ingest-events.command';
import { OrganisationForbiddenError } from './organisation-forbidden.error';
import { EVENT_STORE } from '../injection-tokens';

@CommandHandler(IngestEventsCommand)
export class IngestEventsHandler implements ICommandHandler<IngestEventsCommand, IngestSummary> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute(command: IngestEventsCommand): Promise<IngestSummary> {
    const batch = validateRecords(command.records, command.formatErrors);
    const forbidden = batch.valid
      .filter((v) => !mayUseOrganisation(command.principal, v.event.organisation))
      .map((v) => ({ index: v.index, organisation: v.event.organisation }));
    if (forbidden.length > 0) throw new OrganisationForbiddenError(forbidden);
    // One HTTP batch is one transaction: all of it or none of it.
    return ingestEvents(this.store, batch, { skipInvalid: command.skipInvalid, chunkSize: Number.MAX_SAFE_INTEGER });
  }
}
