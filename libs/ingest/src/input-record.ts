/** One record of an input batch or file, before validation. */
export interface InputRecord {
  /** 0-based position in the batch or file (data rows only, for CSV). */
  index: number;
  /** 1-based line in the file, where the input has lines. */
  line?: number;
  raw: unknown;
}

/**
 * A record that could not even be read (bad JSON, a CSV row of the wrong width), or, `wholeInput`,
 * an input none of whose records can be told apart from where it breaks (a JSON array that does not
 * parse, a CSV quote that is never closed, a bad header): that is never skipped by `--skip-invalid`
 * or `skipInvalid=true`, since the well-formed records in it would be dropped without a word.
 */
export class InputFormatError extends Error {
  constructor(readonly index: number, readonly line: number | undefined, readonly field: string, message: string, readonly wholeInput = false) {
    super(message);
  }
}

/**
 * What went wrong in a JSON text, without any of the text: V8's messages quote the input
 * (`Unexpected token 'o', "nope Jan Jansen" is not valid JSON`), and a record that is not JSON
 * may be free text with a name in it. Only the position is kept.
 */
export function describeJsonError(err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  if (/Unexpected end of JSON input/.test(message)) return 'it ends too early';
  const position = /at position (\d+)/.exec(message);
  return position ? `at character ${Number(position[1]) + 1}` : 'not a JSON value';
}

/** The 1-based line of the character a JSON.parse error points at, when it says (V8: 'at position N'). */
export function jsonErrorLine(text: string, err: unknown): number | undefined {
  const position = /at position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!position) return undefined;
  let line = 1;
  const end = Math.min(Number(position[1]), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** The text without a leading byte order mark (U+FEFF), which some editors and spreadsheets write. */
export const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
