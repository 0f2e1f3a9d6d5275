import { InvalidArgumentError, type Command } from 'commander';
import { createEventStore, isStoreOutOfReach, NoEventStoreError, type EventStore } from '../../../../libs/event-store/src';
import type { ValidationProblem } from '../../../../libs/events/src';
import { findReusedIds, ingestEvents, InvalidInputError, PartlyWrittenError, readEventFile, reusedIdProblems, validateRecords, type ValidatedBatch } from '../../../../libs/ingest/src';
import { CliError, EXIT } from '../exit-codes';
import { createProgress } from '../progress';
import { parseWholeNumber } from '../../../../libs/config/src/whole-number';

type FileProblem = ValidationProblem & { file: string };

function describeProblem(p: FileProblem): string {
  return `${p.file}:${p.line ?? `#${p.index}`}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

function countRecords(problems: FileProblem[]): number {
  return new Set(problems.map((p) => `${p.file}\u0000${p.index}`)).size;
}

/**
 * `vt-monitor import FILE...`: every file is read and validated before anything is written; with
 * any problem nothing is written (exit 2) unless --skip-invalid. Prints a JSON summary on stdout.
 */
export function registerImport(program: Command): void {
  program
    .command('import')
    .description('append events from .ndjson or .jsonl, .json (an array) or .csv files')
    .argument('<files...>', 'event files')
    .option('--skip-invalid', 'store the valid events and list the invalid ones')
    .option('--chunk-size <n>', 'events per transaction (1–100000)', parseChunkSize, 2000)
    .action(async (files: string[], opts: { skipInvalid?: boolean; chunkSize: number }) => {
      const batches = [];
      for (const file of files) {
        let read;
        try {
          read = await readEventFile(file);
        } catch (err) {
          throw new CliError(`${file}: ${(err as Error).message}`);
        }
        // A file that breaks where none of its records can be told apart is refused whole, also with
        // --skip-invalid: skipping it would drop its well-formed records without a word.
        const unreadable = read.errors.find((e) => e.wholeInput);
        if (unreadable) {
          // The summary on stdout as for any refused import (interfaces.md), then the reason.
          const problem = { file, index: unreadable.index, line: unreadable.line, field: unreadable.field, message: unreadable.message };
          process.stdout.write(`${JSON.stringify({ appended: 0, duplicates: 0, rejected: 1, problems: [problem] })}\n`);
          throw new CliError(`${file}${unreadable.line !== undefined ? `:${unreadable.line}` : ''}: ${unreadable.message}; the file cannot be read record by record, so nothing was written (--skip-invalid skips invalid records, not an unreadable file)`);
        }
        batches.push({ file, batch: validateRecords(read.records, read.errors) });
      }
      const problems: FileProblem[] = batches.flatMap(({ file, batch }) => batch.problems.map((p) => ({ file, ...p })));
      // `rejected` counts records; `problems` lists every problem (a record may have several).
      const report = (summary: { appended: number; duplicates: number }, all: FileProblem[]) =>
        process.stdout.write(`${JSON.stringify({ appended: summary.appended, duplicates: summary.duplicates, rejected: countRecords(all), problems: all })}\n`);
      // One ingest over all files, so that the read-only first pass sees them all: an id reused with
      // another body in a later file (or chunk) stops the import before anything is written. Each
      // event gets a position across the files; problems are mapped back to file and record.
      const origin: { file: string; index: number }[] = [];
      const valid = batches.flatMap(({ file, batch }) =>
        batch.valid.map((v) => {
          origin.push({ file, index: v.index });
          return { ...v, index: origin.length - 1 };
        }),
      );
      const inFile = (p: ValidationProblem): FileProblem => ({ file: origin[p.index].file, ...p, index: origin[p.index].index });
      if (problems.length > 0 && !opts.skipInvalid) {
        // Refused, and nothing is written; but ids reused with another body are listed as well, so
        // that one run names every problem (they came only once the invalid records were mended).
        const all = [...problems, ...(await reusedIdsOfRefusedInput(valid, opts.chunkSize)).map(inFile)].sort(byFileAndRecord(files));
        all.slice(0, 50).forEach((p) => process.stderr.write(`${describeProblem(p)}\n`));
        if (all.length > 50) process.stderr.write(`… and ${all.length - 50} more\n`);
        report({ appended: 0, duplicates: 0 }, all);
        const n = countRecords(all);
        throw new CliError(`${n} invalid record${n === 1 ? '' : 's'}; nothing was written (use --skip-invalid to store the valid ones)`, EXIT.badInput);
      }
      const store = await createEventStore();
      const progress = createProgress('import');
      const rejected: FileProblem[] = [...problems];
      let summary: { appended: number; duplicates: number };
      try {
        const result = await ingestEvents(store, { valid, problems: [] }, { skipInvalid: opts.skipInvalid, chunkSize: opts.chunkSize, onProgress: (done, total) => progress.update(done, total) });
        summary = { appended: result.appended, duplicates: result.duplicates };
        rejected.push(...result.rejected.map(inFile));
      } catch (err) {
        if (err instanceof InvalidInputError) {
          const fileProblems = err.problems.map(inFile);
          fileProblems.forEach((p) => process.stderr.write(`${describeProblem(p)}\n`));
          // Another writer's conflicting id stopped it half-way: what was stored before is reported.
          report(err instanceof PartlyWrittenError ? { appended: err.appended, duplicates: err.duplicates } : { appended: 0, duplicates: 0 }, fileProblems);
          throw new CliError(err.message, EXIT.badInput);
        }
        throw err;
      } finally {
        progress.stop();
        await store.close();
      }
      rejected.slice(0, 50).forEach((p) => process.stderr.write(`skipped ${describeProblem(p)}\n`));
      report(summary, rejected);
    });
}

function parseChunkSize(value: string): number {
  const n = parseWholeNumber(value);
  if (n === undefined || n < 1 || n > 100_000) throw new InvalidArgumentError('--chunk-size must be a whole number from 1 to 100000');
  return n;
}

/**
 * The ids of refused input reused with another body: against the store when there is one (opened
 * only to read; an embedded directory without a store is not made one), else within the input.
 * A store out of reach leaves the check to the input alone: the records' problems come first.
 */
async function reusedIdsOfRefusedInput(valid: ValidatedBatch['valid'], chunkSize: number): Promise<ValidationProblem[]> {
  let store: EventStore | undefined;
  try {
    store = await createEventStore(undefined, { mustExist: true });
  } catch (err) {
    if (!(err instanceof NoEventStoreError || isStoreOutOfReach(err))) throw err;
  }
  try {
    const { reused, inInput } = await findReusedIds(store, valid, chunkSize).catch((err: unknown) => {
      if (!isStoreOutOfReach(err)) throw err;
      return findReusedIds(undefined, valid, chunkSize);
    });
    return reusedIdProblems(valid, reused, inInput);
  } finally {
    await store?.close();
  }
}

/** Problems in the order of the files as given, then of their records. */
function byFileAndRecord(files: readonly string[]): (a: FileProblem, b: FileProblem) => number {
  return (a, b) => files.indexOf(a.file) - files.indexOf(b.file) || a.index - b.index;
}
