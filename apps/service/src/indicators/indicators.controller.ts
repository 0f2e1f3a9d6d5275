import { BadRequestException, Controller, Get, Inject, Param, Query, Req, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { formatReport } from '../../../../libs/projections/src';
import { QueryInputError, type ProjectionRunner, type ReadModel, type ReportRequest } from '../../../../libs/read-model/src';
import { isGemeenteOf } from '../../../../libs/reference/src/organisations';
import { assertOrganisationAccess } from '../auth/organisation-access';
import { RequiresRole } from '../auth/roles.decorator';
import type { AuthenticatedRequest } from '../auth/token.guard';
import { PROJECTION_RUNNER, READ_MODEL } from '../store/event-store.provider';

type IndicatorQuery = Omit<ReportRequest, 'by'> & { by?: string; format?: string };

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
  async indicators(@Req() req: AuthenticatedRequest, @Res() res: Response, @Param('org') org: string, @Query() q: IndicatorQuery): Promise<void> {
    assertOrganisationAccess(req.principal, org);
    this.assertFollowing();
    if (!q.period === !q.at) throw new BadRequestException({ error: 'give exactly one of period or at' });
    if (q.gemeente && !isGemeenteOf(org, q.gemeente)) {
      // Quoted only when it is a code: a query value may be anything, a name too.
      throw new BadRequestException({ error: /^GM\d{4}$/.test(q.gemeente) ? `gemeente ${q.gemeente} is not a municipality of ${org}` : `gemeente is not a municipality code (GMnnnn) of ${org}` });
    }
    const by = q.by ? q.by.split(',').filter(Boolean) : undefined;
    try {
      const report = await this.readModel.queries.report(org, { period: q.period, at: q.at, asOf: q.asOf, gemeente: q.gemeente, by });
      const wantsCsv = q.format === 'csv' || (!q.format && String(req.headers.accept ?? '').includes('text/csv'));
      if (wantsCsv) res.type('text/csv').send(formatReport(report, 'csv'));
      else if (q.format === 'ndjson') res.type('application/x-ndjson').send(formatReport(report, 'ndjson'));
      else res.json(report);
    } catch (err) {
      if (err instanceof QueryInputError) throw new BadRequestException({ error: err.message });
      throw err;
    }
  }

  /** Open cases past, or within one werkdag of, a term: pseudonymous ids only. */
  @Get('cases')
  @RequiresRole('read')
  async cases(@Req() req: AuthenticatedRequest, @Param('org') org: string, @Query('status') status?: string, @Query('at') at?: string) {
    assertOrganisationAccess(req.principal, org);
    this.assertFollowing();
    if (status !== undefined && status !== 'over_termijn') throw new BadRequestException({ error: 'status must be over_termijn' });
    const now = at ?? new Date().toISOString();
    try {
      return { organisation: org, at: now, cases: await this.readModel.queries.overTermijnCases(org, now) };
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
