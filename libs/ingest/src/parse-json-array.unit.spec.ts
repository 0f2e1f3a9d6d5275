import { InputFormatError } from './input-record';
import { parseJsonArray } from './parse-json-array';

describe('parseJsonArray', () => {
  it('reads a JSON array, one record per element with its index and no line', () => {
    const { records, errors } = parseJsonArray('[{"a":1},\n{"a":2}]');
    expect(errors).toEqual([]);
    expect(records).toEqual([
      { index: 0, raw: { a: 1 } },
      { index: 1, raw: { a: 2 } },
    ]);
  });

  it('takes a single object as one record', () => {
    expect(parseJsonArray('{"a":1}')).toEqual({ records: [{ index: 0, raw: { a: 1 } }], errors: [] });
  });

  it('gives no records for an empty array', () => {
    expect(parseJsonArray('[]')).toEqual({ records: [], errors: [] });
  });

  it('reports invalid JSON as one error and no records', () => {
    const { records, errors } = parseJsonArray('[{"a":1},');
    expect(records).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(InputFormatError);
    expect(errors[0]).toMatchObject({ index: 0, line: undefined, field: '' });
  });

  it('names the line where the JSON breaks, when it breaks inside the text', () => {
    const { errors } = parseJsonArray('[\n  {"a": 1},\n  {"a": 2},\n  {"a" 3}\n]');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ index: 0, line: 4, field: '' });
  });

  it('reads past a byte order mark', () => {
    expect(parseJsonArray('\uFEFF[{"a":1}]')).toEqual({ records: [{ index: 0, raw: { a: 1 } }], errors: [] });
  });
});
