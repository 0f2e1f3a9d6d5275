import type { z } from 'zod';
import { crossFieldProblems, dataSchemas, envelopeSchema, type VtEvent } from './event-catalogue';

/** One problem with one input record: `index` is the 0-based position in the batch or file. */
export interface ValidationProblem {
  index: number;
  /** Line in the file (1-based) when the input came from a file; absent for HTTP bodies. */
  line?: number;
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; event: VtEvent } | { ok: false; problems: ValidationProblem[] };

/**
 * What a field name looks like (camelCase or snake_case, starting lower-case): anything else is not
 * repeated in a message, since it may be free text (a name or a place, capitalised, with spaces).
 */
export const SAFE_KEY = /^[a-z][A-Za-z0-9_.]{0,39}$/;

/** The value at `path` in `input`, or undefined when a step is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[step];
  }
  return value;
}

const NAMED_KEYS_SHOWN = 10;

/** `input` is what the schema was given (the record, or its data): zod does not report the value itself. */
function fieldOf(prefix: string, issue: z.core.$ZodIssue, input: unknown): [string, string] {
  const path = [prefix, ...issue.path.map(String)].filter((p) => p !== '').join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    // A key is named only when it looks like a field name: a CSV without its header row makes a
    // record's cells (names, addresses) the keys.
    const named = keys.filter((k) => SAFE_KEY.test(k));
    const field = named.length > 0 ? (path ? `${path}.${named[0]}` : named[0]) : path;
    const unnamed = keys.length - named.length;
    // At most NAMED_KEYS_SHOWN named: a record with 200,000 unknown keys made a 2.5 MB answer.
    const shown = named.slice(0, NAMED_KEYS_SHOWN);
    const more = named.length - shown.length;
    const list = [
      ...shown.map((k) => `"${k}"`),
      ...(more > 0 ? [`${more} more`] : []),
      ...(unnamed > 0 ? [`${unnamed} other${unnamed > 1 ? 's' : ''} not named (not field names)`] : []),
    ].join(', ');
    return [field, `unknown field${keys.length > 1 ? 's' : ''} ${list}`];
  }
  const value = valueAt(input, issue.path);
  if (value === undefined && issue.code !== 'custom') return [path, 'is required'];
  if (issue.code === 'invalid_type') return [path, `must be ${issue.expected === 'array' ? 'an array' : issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}, not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`}`];
  if (issue.code === 'invalid_value') return [path, `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`];
  // zod 4 already ends the path of a discriminator issue with the discriminator (`melder.soort`).
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.path[issue.path.length - 1] !== issue.discriminator) {
    return [`${path}.${issue.discriminator}`, issue.message];
  }
  return [path, issue.message];
}

/**
 * Validates one raw input record against the catalogue: envelope, then the data of its type, then
 * the cross-field rules. Never throws; every problem names the record and the field.
 */
export function validateEvent(raw: unknown, index: number, line?: number): ValidationResult {
  const at = (field: string, message: string): ValidationProblem => ({ index, ...(line !== undefined ? { line } : {}), field, message });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, problems: [at('', 'must be a JSON object')] };
  }
  const envelope = envelopeSchema.safeParse(raw);
  const problems: ValidationProblem[] = [];
  if (!envelope.success) {
    for (const issue of envelope.error.issues) problems.push(at(...fieldOf('', issue, raw)));
  }
  const type = (raw as { type?: unknown }).type;
  const data = (raw as { data?: unknown }).data;
  let dataObject = false;
  if (typeof type === 'string' && type in dataSchemas && typeof data === 'object' && data !== null && !Array.isArray(data)) {
    dataObject = true;
    const parsed = dataSchemas[type as keyof typeof dataSchemas].safeParse(data);
    if (!parsed.success) for (const issue of parsed.error.issues) problems.push(at(...fieldOf('data', issue, data)));
  }
  // Cross-field rules need a known organisation and type and a data object; other problems do not
  // hide them (every problem of a record at once), and a field already reported is not reported twice.
  const organisationKnown = envelope.success || !envelope.error.issues.some((i) => i.path[0] === 'organisation' || i.path[0] === 'type');
  if (dataObject && organisationKnown) {
    const reported = new Set(problems.map((p) => p.field));
    for (const [field, message] of crossFieldProblems(raw as VtEvent)) if (!reported.has(field)) problems.push(at(field, message));
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, event: raw as VtEvent };
}
