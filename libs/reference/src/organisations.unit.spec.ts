import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import local from './organisations.json';
import { findOrganisation, GEMEENTE_OVERIG, isGemeenteOf, listOrganisations } from './organisations';

/** The shared reference next to the repo (`../shared` from the repo root). */
const SHARED = path.resolve(__dirname, '../../../../shared/reference/organisations.json');
const sharedExists = existsSync(SHARED);

describe('organisations.json', () => {
  (sharedExists ? it : it.skip)(
    sharedExists ? 'equals the shared copy in ../shared/reference/organisations.json' : 'equals the shared copy (skipped: ../shared/reference/organisations.json is absent)',
    () => {
      expect(local).toEqual(JSON.parse(readFileSync(SHARED, 'utf8')));
    },
  );

  it('has unique organisation codes and unique gemeente codes within each organisation', () => {
    const codes = listOrganisations().map((o) => o.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const o of listOrganisations()) expect(new Set(o.gemeenten.map((g) => g.code)).size).toBe(o.gemeenten.length);
  });
});

describe('findOrganisation', () => {
  it('finds a known code, not an unknown one', () => {
    expect(findOrganisation('VTIJ')?.name).toBe('Veilig Thuis IJsselland');
    expect(findOrganisation('VTXX')).toBeUndefined();
  });
});

describe('isGemeenteOf', () => {
  it.each<[string, string, string, boolean]>([
    ['a member gemeente', 'VTIJ', 'GM0193', true],
    ['a member gemeente of VTNOG', 'VTNOG', 'GM0200', true],
    ['a gemeente of another organisation', 'VTIJ', 'GM0200', false],
    ['an unknown gemeente code', 'VTIJ', 'GM9999', false],
    ['overig for a known organisation', 'VTIJ', GEMEENTE_OVERIG, true],
    ['overig for an unknown organisation', 'VTXX', GEMEENTE_OVERIG, false],
    ['a gemeente for an unknown organisation', 'VTXX', 'GM0193', false],
  ])('%s: isGemeenteOf(%p, %p) is %p', (_, organisation, gemeente, expected) => {
    expect(isGemeenteOf(organisation, gemeente)).toBe(expected);
  });
});
