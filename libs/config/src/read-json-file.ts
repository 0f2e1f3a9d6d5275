import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * Reads a JSON configuration file and validates it; errors name the variable, the file and the
 * field: `VT_CONFIG: /etc/vt.json: organisations.VTIJ.terms.triage.length: Too small…`.
 */
export function readJsonFile<S extends z.ZodType>(variable: string, path: string, schema: S): z.infer<S> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${variable}: cannot read ${path}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    // V8's message quotes the text around the error, which in a tokens file is a secret: only where it is.
    throw new Error(`${variable}: ${path} is not valid JSON (${whereJsonBreaks(text, err)})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${variable}: ${path}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Line and column of a JSON.parse error (V8 says 'at position N'), or that the text ends too early; never the text. */
function whereJsonBreaks(text: string, err: unknown): string {
  const message = err instanceof Error ? err.message : '';
  if (/Unexpected end of JSON input/.test(message)) return 'it ends too early';
  const position = /at position (\d+)/.exec(message);
  if (!position) return 'where, V8 does not say without quoting the text: check the file with a JSON validator';
  const before = text.slice(0, Number(position[1]));
  const line = before.split('\n').length;
  return `line ${line}, column ${before.length - before.lastIndexOf('\n')}`;
}
