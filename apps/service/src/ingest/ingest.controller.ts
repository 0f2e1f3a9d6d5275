import { BadRequestException, Body, Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { parseJsonArray, parseNdjson, type IngestSummary } from '../../../../libs/ingest/src';
import type { AuthenticatedRequest } from '../auth/token.guard';
import { RequiresRole } from '../auth/roles.decorator';
import { queryParams } from '../http/query-params';
import { IngestEventsCommand } from './ingest-events.command';

/**
 * Whether a body without an NDJSON content type is one JSON document (a pretty-printed object)
 * rather than NDJSON lines: NDJSON of two or more events never parses as one document, and the
 * parse fails at the second line.
 */
function isOneJsonDocument(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

@Controller('api/v1/events')
export class IngestController {
  constructor(private readonly commandBus: CommandBus) {}

  /**
   * A JSON array (or one object) or NDJSON of events. 200 with counts; 400 listing every problem
   * and nothing written; 403 for an organisation the token does not cover; 503 when the store is down.
   */
  @Post()
  @HttpCode(200)
  @RequiresRole('ingest')
  async ingest(@Req() request: AuthenticatedRequest, @Body() body: string, @Query() query: Record<string, unknown>): Promise<Partial<IngestSummary>> {
    // skipInvalid=true or false, nothing else: `=1` or `=yes` meant "do not skip" without a word.
    const { skipInvalid } = queryParams(query, ['skipInvalid']);
    if (skipInvalid !== undefined && skipInvalid !== 'true' && skipInvalid !== 'false') throw new BadRequestException({ error: 'skipInvalid: true or false' });
    const text = typeof body === 'string' ? body : '';
    const type = (request.headers['content-type'] ?? '').toLowerCase();
    const ndjson = type.includes('ndjson') || type.includes('jsonl') || (!/^\s*\[/.test(text) && text.trim().includes('\n') && !isOneJsonDocument(text));
    const { records, errors } = ndjson ? parseNdjson(text) : parseJsonArray(text);
    // A body that does not parse as a whole is refused (400) even with skipInvalid: nothing in it can be told apart.
    const skip = skipInvalid === 'true' && !errors.some((e) => e.wholeInput);
    const summary = await this.commandBus.execute<IngestEventsCommand, IngestSummary>(new IngestEventsCommand(records, errors, request.principal, skip));
    return skipInvalid === 'true' ? summary : { appended: summary.appended, duplicates: summary.duplicates };
  }
}
