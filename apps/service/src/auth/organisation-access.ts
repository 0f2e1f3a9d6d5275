import { ForbiddenException, NotFoundException } from '@nestjs/common';
import { findOrganisation } from '../../../../libs/reference/src/organisations';
import { mayUseOrganisation, type Principal } from './api-tokens';

/** 404 for an unknown organisation, 403 for one the token does not cover. */
export function assertOrganisationAccess(principal: Principal, organisation: string): void {
  if (!findOrganisation(organisation)) throw new NotFoundException({ error: `unknown organisation ${organisation}` });
  if (!mayUseOrganisation(principal, organisation)) throw new ForbiddenException({ error: `this token does not cover organisation ${organisation}` });
}
