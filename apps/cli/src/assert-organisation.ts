import { findOrganisation, listOrganisations } from '../../../libs/reference/src/organisations';
import { CliError } from './exit-codes';

/** `--org`: an organisation of reference/organisations.json. Quoted back only when shaped like a code (an argument may be a name). */
export function assertOrganisation(org: string): void {
  if (findOrganisation(org)) return;
  const shown = /^[A-Z0-9]{2,12}$/.test(org) ? ` "${org}"` : '';
  throw new CliError(`--org: unknown organisation${shown}; there are ${listOrganisations().map((o) => o.code).join(', ')}`);
}
