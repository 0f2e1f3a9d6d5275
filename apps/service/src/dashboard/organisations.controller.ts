import { Controller, Get, Inject, Req } from '@nestjs/common';
import type { ProjectionConfig } from '../../../../libs/projections/src';
import { listOrganisations } from '../../../../libs/reference/src/organisations';
import { mayUseOrganisation } from '../auth/api-tokens';
import { RequiresRole } from '../auth/roles.decorator';
import type { AuthenticatedRequest } from '../auth/token.guard';
import { PROJECTION_CONFIG } from '../injection-tokens';

@Controller('api/v1/organisations')
export class OrganisationsController {
  constructor(@Inject(PROJECTION_CONFIG) private readonly config: ProjectionConfig) {}

  /**
   * The organisations the token covers: code, name, municipalities (CBS code and name) and each
   * term's length and norm as configured (VT_CONFIG), for the dashboard's switcher and norm lines.
   */
  @Get()
  @RequiresRole('read')
  list(@Req() req: AuthenticatedRequest) {
    return {
      organisations: listOrganisations()
        .filter((o) => mayUseOrganisation(req.principal, o.code))
        .map((o) => ({
          code: o.code,
          name: o.name,
          gemeenten: o.gemeenten.map((g) => ({ code: g.code, name: g.name })),
          terms: Object.fromEntries(
            Object.values(this.config.termsFor(o.code)).map((t) => [t.key, { length: t.length, unit: t.unit, normPct: t.normPct }]),
          ),
        })),
    };
  }
}
