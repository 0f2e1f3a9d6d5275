/** Some events of a batch belong to organisations the token does not cover; nothing was written. */
export class OrganisationForbiddenError extends Error {
  constructor(readonly items: { index: number; organisation: string }[]) {
    super(`this token does not cover organisation ${[...new Set(items.map((i) => i.organisation))].join(', ')}`);
  }
}
