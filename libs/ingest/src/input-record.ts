/** One record of an input batch or file, before validation. */
export interface InputRecord {
  /** 0-based position in the batch or file (data rows only, for CSV). */
  index: number;
  /** 1-based line in the file, where the input has lines. */
  line?: number;
  raw: unknown;
}

/** A record that could not even be read (bad JSON, a CSV row of the wrong width). */
export class InputFormatError extends Error {
  constructor(readonly index: number, readonly line: number | undefined, readonly field: string, message: string) {
    super(message);
  }
}
