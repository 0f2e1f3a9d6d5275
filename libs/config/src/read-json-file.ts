import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { describeJsonError, jsonErrorLine } from '../../ingest/src/input-record';

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
    // V8's message quotes the text around the error, which in a tokens file is a secret: only where it
    // is, as for an import file (describeJsonError).
    const line = jsonErrorLine(text, err);
    throw new Error(`${variable}: ${path} is not valid JSON (${describeJsonError(err)}${line !== undefined ? `, line ${line}` : ''})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${variable}: ${path}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return parsed.data;
}

