import { findOrganisation, listOrganisations, looksLikeOrganisationCode } from '../../../libs/reference/src/organisations';
import { CliError } from './exit-codes';

/** An `--org` value as a message may show it: quoted when shaped like a code, else not repeated (it may be a name). */
export function shownOrganisation(org: string): string {
  return looksLikeOrganisationCode(org) ? `"${org}"` : 'the value given';
}

/** `--org`: an organisation of reference/organisations.json; a known code in other letters is named. */
export function assertOrganisation(org: string): void {
  if (findOrganisation(org)) return;
  const codes = listOrganisations().map((o) => o.code);
  const meant = codes.find((code) => code.toLowerCase() === org.trim().toLowerCase());
  if (meant) throw new CliError(`--org: unknown organisation; codes are written as listed: ${meant}`);
  const given = looksLikeOrganisationCode(org) ? ` "${org}"` : ' (the value given is not shaped like a code, so it is not repeated)';
  throw new CliError(`--org: unknown organisation${given}; there are ${codes.join(', ')}`);
}
