import catalogue from './organisations.json';

/** A Veilig Thuis organisation and the CBS codes of its municipalities. */
export interface Organisation {
  code: string;
  name: string;
  gemeenten: { code: string; name: string; deelregio?: string; inwoners?: number }[];
}

/** `overig`: any municipality outside the organisation's region (events.md, Enumerations). */
export const GEMEENTE_OVERIG = 'overig';

const organisations: readonly Organisation[] = catalogue.organisations;
const byCode = new Map(organisations.map((o) => [o.code, o]));
const gemeentenByOrg = new Map(organisations.map((o) => [o.code, new Set(o.gemeenten.map((g) => g.code))]));

export function listOrganisations(): readonly Organisation[] {
  return organisations;
}

/**
 * Whether a text is shaped like an organisation code (VTIJ): a message may then quote it back. Any
 * other value of an `--org` or a path may be a name or a BSN (nine digits), and is not repeated.
 */
export function looksLikeOrganisationCode(text: string): boolean {
  return /^[A-Z][A-Z0-9]{1,11}$/.test(text);
}

export function findOrganisation(code: string): Organisation | undefined {
  return byCode.get(code);
}

/** True when `gemeente` is one of the organisation's CBS codes or `overig`. */
export function isGemeenteOf(organisation: string, gemeente: string): boolean {
  if (gemeente === GEMEENTE_OVERIG) return byCode.has(organisation);
  return gemeentenByOrg.get(organisation)?.has(gemeente) ?? false;
}
