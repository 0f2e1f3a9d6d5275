import { validateEvent, type ValidationProblem, type VtEvent } from '../../events/src';
import type { InputFormatError, InputRecord } from './input-record';

export interface ValidatedBatch {
  /** Valid events with their position in the input. */
  valid: { index: number; line?: number; event: VtEvent }[];
  /** Every problem, sorted by position in the input. */
  problems: ValidationProblem[];
}

export function validateRecords(records: InputRecord[], formatErrors: InputFormatError[] = []): ValidatedBatch {
  const valid: ValidatedBatch['valid'] = [];
  const problems: ValidationProblem[] = formatErrors.map((e) => ({ index: e.index, ...(e.line !== undefined ? { line: e.line } : {}), field: e.field, message: e.message }));
  for (const r of records) {
    const result = validateEvent(r.raw, r.index, r.line);
    if (result.ok) valid.push({ index: r.index, ...(r.line !== undefined ? { line: r.line } : {}), event: result.event });
    else problems.push(...result.problems);
  }
  problems.sort((a, b) => a.index - b.index);
  return { valid, problems };
}
