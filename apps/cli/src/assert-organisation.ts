import { findOrganisation, listOrganisations, looksLikeOrganisationCode } from '../../../libs/reference/src/organisations';
import { CliError } from './exit-codes';

/** An `--org` value as a message may show it: quoted when shaped like a code, else not repeated. */
export function shownOrganisation(org: string): string {
  return looksLikeOrganisationCode(org) ? `"${org}"` : 'that organisation';
}

/** `--org`: an organisation of reference/organisations.json. */
export function assertOrganisation(org: string): void {
  if (findOrganisation(org)) return;
  throw new CliError(`--org: unknown organisation ${shownOrganisation(org)}; there are ${listOrganisations().map((o) => o.code).join(', ')}`);
}
