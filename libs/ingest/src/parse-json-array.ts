import { describeJsonError, InputFormatError, type InputRecord } from './input-record';

/** A JSON array of events (a single object is taken as an array of one). */
export function parseJsonArray(text: string): { records: InputRecord[]; errors: InputFormatError[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return { records: [], errors: [new InputFormatError(0, undefined, '', `the input is not valid JSON (${describeJsonError(err)})`)] };
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return { records: items.map((raw, index) => ({ index, raw })), errors: [] };
}
