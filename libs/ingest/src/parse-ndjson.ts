import { describeJsonError, InputFormatError, stripBom, type InputRecord } from './input-record';

/** NDJSON: one JSON object per line; blank lines are skipped. */
export function parseNdjson(text: string): { records: InputRecord[]; errors: InputFormatError[] } {
  const records: InputRecord[] = [];
  const errors: InputFormatError[] = [];
  // A byte order mark (spreadsheet and Windows editors write one) is not part of the first line.
  const lines = stripBom(text).split(/\r?\n/);
  let index = 0;
  lines.forEach((content, i) => {
    if (content.trim() === '') return;
    try {
      records.push({ index, line: i + 1, raw: JSON.parse(content) });
    } catch (err) {
      errors.push(new InputFormatError(index, i + 1, '', `is not valid JSON (${describeJsonError(err)})`));
    }
    index++;
  });
  return { records, errors };
}
