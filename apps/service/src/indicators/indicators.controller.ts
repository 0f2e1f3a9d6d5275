import { BadRequestException, Controller, Get, Inject, Param, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { formatReport } from '../../../../libs/projections/src';
import { checkReportRequest, QueryInputError, resolveInstant, type ProjectionRunner, type ReadModel } from '../../../../libs/read-model/src';
import { assertOrganisationAccess } from '../auth/organisation-access';
import { RequiresRole } from '../auth/roles.decorator';
import { queryParams } from '../http/query-params';
import type { AuthenticatedRequest } from '../auth/token.guard';
import { READ_MODEL, PROJECTION_RUNNER } from '../injection-tokens';

/** The forms of a report over HTTP (`table` is for a terminal). */
const HTTP_FORMATS = ['json', 'ndjson', 'csv'];

@Controller('api/v1/organisations/:org')
export class IndicatorsController {
  constructor(
    @Inject(READ_MODEL) private readonly readModel: ReadModel,
    @Inject(PROJECTION_RUNNER) private readonly runner: ProjectionRunner,
  ) {}

  /** Not from read models of other settings than this process folds with (fold-version.ts): stale now, and as-of would mix. */
  private assertFollowing(): void {
    if (this.runner.halted) throw new ServiceUnavailableException({ error: this.runner.halted, halted: true });
  }

  /** The report output shape of indicators.md; `Accept: text/csv` (or `format=csv|ndjson`) for the other forms. */
  @Get('indicators')
  @RequiresRole('read')
  async indicators(@Req() req: AuthenticatedRequest, @Res() res: Response, @Param('org') org: string, @Query() query: Record<string, unknown>): Promise<void> {
    assertOrganisationAccess(req.principal, org);
    this.assertFollowing();
    const q = queryParams(query, ['period', 'at', 'asOf', 'gemeente', 'by', 'format']);
    if (q.format !== undefined && !HTTP_FORMATS.includes(q.format)) throw new BadRequestException({ error: `format: one of ${HTTP_FORMATS.join(', ')}` });
    try {
      const request = checkReportRequest(org, { period: q.period, at: q.at, asOf: q.asOf, gemeente: q.gemeente, by: q.by?.split(',').map((d) => d.trim()) });
      const report = await this.readModel.queries.report(org, request);
      const wantsCsv = q.format === 'csv' || (!q.format && String(req.headers.accept ?? '').includes('text/csv'));
      if (wantsCsv) res.type('text/csv').send(formatReport(report, 'csv'));
      else if (q.format === 'ndjson') res.type('application/x-ndjson').send(formatReport(report, 'ndjson'));
      else res.json(report);
    } catch (err) {
      if (err instanceof QueryInputError) throw new BadRequestException({ error: err.message });
      throw err;
    }
  }

  /** Open cases past, or within one werkdag of, a term at `at` (default now): pseudonymous ids only. */
  @Get('cases')
  @RequiresRole('read')
  async cases(@Req() req: AuthenticatedRequest, @Param('org') org: string, @Query() query: Record<string, unknown>) {
    assertOrganisationAccess(req.principal, org);
    this.assertFollowing();
    const q = queryParams(query, ['status', 'at']);
    if (q.status !== undefined && q.status !== 'over_termijn') throw new BadRequestException({ error: 'status must be over_termijn' });
    try {
      // The instant the list is for, as the indicators route states it (a date or period: its last instant).
      const at = q.at !== undefined ? resolveInstant(q.at).iso : new Date().toISOString();
      return { organisation: org, at, cases: await this.readModel.queries.overTermijnCases(org, at) };
    } catch (err) {
      if (err instanceof QueryInputError) throw new BadRequestException({ error: err.message });
      throw err;
    }
  }

  /** Lifecycle oddities per kind, with their case ids. */
  @Get('data-quality')
  @RequiresRole('read')
  async dataQuality(@Req() req: AuthenticatedRequest, @Param('org') org: string) {
    assertOrganisationAccess(req.principal, org);
    this.assertFollowing();
    return this.readModel.queries.dataQuality(org);
  }
}
