import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * Reads a JSON configuration file and validates it; errors name the variable, the file and the
 * field: `VT_CONFIG: /etc/vt.json: organisations.VTIJ.terms.triage.length: Too small…`.
 */
export function readJsonFile<S extends z.ZodType>(variable: string, path: string, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`${variable}: cannot read ${path}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${variable}: ${path}: ${issue.path.join('.') || '(file)'}: ${issue.message}`);
  }
  return parsed.data;
}
