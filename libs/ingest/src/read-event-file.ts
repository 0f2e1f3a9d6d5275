import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { InputFormatError, InputRecord } from './input-record';
import { parseCsv } from './parse-csv';
import { parseJsonArray } from './parse-json-array';
import { parseNdjson } from './parse-ndjson';

export const SUPPORTED_EXTENSIONS = ['.ndjson', '.jsonl', '.json', '.csv'];

/** Reads an import file; the format follows its extension. */
export async function readEventFile(path: string): Promise<{ records: InputRecord[]; errors: InputFormatError[] }> {
  const ext = extname(path).toLowerCase();
  if (!SUPPORTED_EXTENSIONS.includes(ext)) throw new Error(`unknown file type "${ext}"; use ${SUPPORTED_EXTENSIONS.join(', ')}`); // the caller names the file
  const text = await readFile(path, 'utf8');
  if (ext === '.csv') return parseCsv(text);
  if (ext === '.json') return parseJsonArray(text);
  return parseNdjson(text);
}
