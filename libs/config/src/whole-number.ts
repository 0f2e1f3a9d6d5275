/**
 * A whole number written as digits only (spaces around it allowed): `Number()` also takes `1e3`,
 * `0x10`, `1.0` and `''` (0), and `parseInt` takes `3000abc`; a setting written so is a mistake to
 * point out, not a number to guess. Undefined when the text is not such a number.
 */
export function parseWholeNumber(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{1,15}$/.test(trimmed)) return undefined;
  return Number(trimmed);
}
