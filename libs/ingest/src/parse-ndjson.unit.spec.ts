import { InputFormatError } from './input-record';
import { parseNdjson } from './parse-ndjson';

describe('parseNdjson', () => {
  it('reads one object per line with its 0-based index and 1-based line', () => {
    const { records, errors } = parseNdjson('{"a":1}\n{"a":2}\n');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { index: 0, line: 1, raw: { a: 1 } },
      { index: 1, line: 2, raw: { a: 2 } },
    ]);
  });

  it('skips blank lines without shifting indexes, keeping the real line numbers', () => {
    const { records, errors } = parseNdjson('\n{"a":1}\n\n   \n{"a":2}\n\n');
    expect(errors).toEqual([]);
    expect(records.map(({ index, line }) => [index, line])).toEqual([[0, 2], [1, 5]]);
  });

  it('reports a bad JSON line with its index and line, and still parses the rest', () => {
    const { records, errors } = parseNdjson('{"a":1}\n\n{"a":\n{"a":3}\n');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InputFormatError);
    expect(errors[0]).toMatchObject({ index: 1, line: 3, field: '' });
    expect(records).toEqual([
      { index: 0, line: 1, raw: { a: 1 } },
      { index: 2, line: 4, raw: { a: 3 } },
    ]);
  });

  it('never repeats the text of a line that is not JSON (it may be free text with a name in it)', () => {
    const { errors } = parseNdjson('nope Jan Jansen\n{"a":\n{a:1}\n');
    expect(errors.map((e) => e.message)).toEqual(['is not valid JSON (not a JSON value)', 'is not valid JSON (it ends too early)', 'is not valid JSON (at character 2)']);
  });

  it('reads CRLF line endings', () => {
    const { records, errors } = parseNdjson('{"a":1}\r\n\r\n{"a":2}\r\n');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { index: 0, line: 1, raw: { a: 1 } },
      { index: 1, line: 3, raw: { a: 2 } },
    ]);
  });

  it('reads past a byte order mark before the first line', () => {
    expect(parseNdjson('\uFEFF{"a":1}\n{"a":2}\n')).toEqual({
      records: [
        { index: 0, line: 1, raw: { a: 1 } },
        { index: 1, line: 2, raw: { a: 2 } },
      ],
      errors: [],
    });
  });

  it('gives nothing for an empty input', () => {
    expect(parseNdjson('')).toEqual({ records: [], errors: [] });
  });
});
