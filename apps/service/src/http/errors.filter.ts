import { ArgumentsHost, Catch, HttpException, Logger, NotFoundException, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { IdempotencyConflictError, isServerUnreachable, StoreUnavailableError, WrongExpectedVersionError } from '../../../../libs/event-store/src';
import { InvalidInputError } from '../../../../libs/ingest/src';
import { ReadModelSettingsError, ReadModelsRebuildingError } from '../../../../libs/read-model/src';
import { OrganisationForbiddenError } from '../ingest/organisation-forbidden.error';

/** Seconds a client is asked to wait while the read models are rebuilt (a rebuild takes seconds to minutes). */
const REBUILD_RETRY_AFTER_S = 15;

/**
 * Maps domain errors to the status codes of interfaces.md. Logs carry no request bodies and no
 * event data: only the kind of error.
 */
@Catch()
export class ErrorsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');
  private rebuildLoggedAt = 0;
  private unreachableLoggedAt = 0;

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof InvalidInputError) {
      response.status(400).json({ errors: error.problems.map(({ index, field, message }) => ({ index, field, message })) });
    } else if (error instanceof OrganisationForbiddenError) {
      response.status(403).json({ error: error.message, indexes: error.items.map((i) => i.index) });
    } else if (error instanceof IdempotencyConflictError) {
      response.status(409).json({ error: 'an event id is already stored with another body', conflicts: error.conflicts });
    } else if (error instanceof WrongExpectedVersionError) {
      response.status(409).json({ error: error.message });
    } else if (error instanceof StoreUnavailableError) {
      this.logger.warn('event store unavailable; answered 503');
      response.status(503).set('Retry-After', '5').json({ error: 'the event store is unavailable; retry with the same event ids (nothing is doubled)' });
    } else if (error instanceof ReadModelsRebuildingError) {
      // Incomplete figures are worse than none: a report during a rebuild would undercount.
      // Once a minute at most: every open dashboard asks again every 15 s.
      if (Date.now() - this.rebuildLoggedAt > 60_000) {
        this.rebuildLoggedAt = Date.now();
        this.logger.warn('read models being rebuilt; answering 503 until done');
      }
      response.status(503).set('Retry-After', String(REBUILD_RETRY_AFTER_S)).json({ error: error.message, rebuilding: true });
    } else if (error instanceof ReadModelSettingsError) {
      // Rebuilt by another process with other term settings: the runner halts within seconds and
      // says so in the log and /health/ready; the reports refuse those figures from the first moment.
      response.status(503).json({ error: error.message, halted: true });
    } else if (isServerUnreachable(error)) {
      // A read (a report, the cases list) whose database went away: the same retry signal as a write gets.
      // Once a minute at most: every open dashboard asks again every 15 s.
      if (Date.now() - this.unreachableLoggedAt > 60_000) {
        this.unreachableLoggedAt = Date.now();
        this.logger.warn('database out of reach; answering 503 until it is back');
      }
      response.status(503).set('Retry-After', '5').json({ error: 'the database is unavailable; retry shortly' });
    } else if (error instanceof NotFoundException && /^Cannot [A-Z]+ /.test(error.message)) {
      // No such route: Nest's own message repeats the path, which may hold anything (a name typed in a URL).
      response.status(404).json({ error: 'no such route (see the HTTP API in the README)' });
    } else if (error instanceof HttpException) {
      const body = error.getResponse();
      response.status(error.getStatus()).json(typeof body === 'string' ? { error: body } : body);
    } else {
      this.logger.error(`unexpected error: ${(error as Error)?.name ?? 'unknown'}`);
      response.status(500).json({ error: 'internal error' });
    }
  }
}
