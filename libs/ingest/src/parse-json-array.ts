import { describeJsonError, InputFormatError, jsonErrorLine, stripBom, type InputRecord } from './input-record';

/** A JSON array of events (a single object is taken as an array of one). */
export function parseJsonArray(text: string): { records: InputRecord[]; errors: InputFormatError[] } {
  let parsed: unknown;
  const json = stripBom(text);
  // An empty file holds no records, as an empty .ndjson or .csv does (nothing to refuse).
  if (json.trim() === '') return { records: [], errors: [] };
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    // Where the text breaks, as a line (the records before it cannot be told apart: JSON.parse stops there).
    return { records: [], errors: [new InputFormatError(0, jsonErrorLine(json, err), '', `the input is not valid JSON (${describeJsonError(err)})`, true)] };
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  return { records: items.map((raw, index) => ({ index, raw })), errors: [] };
}
