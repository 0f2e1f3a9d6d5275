import type { Command } from 'commander';
import { createEventStore } from '../../../../libs/event-store/src';
import type { ValidationProblem } from '../../../../libs/events/src';
import { ingestEvents, InvalidInputError, readEventFile, validateRecords } from '../../../../libs/ingest/src';
import { CliError, EXIT } from '../exit-codes';
import { createProgress } from '../progress';

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
    .description('append events from .ndjson, .json (an array) or .csv files')
    .argument('<files...>', 'event files')
    .option('--skip-invalid', 'store the valid events and list the invalid ones')
    .option('--chunk-size <n>', 'events per transaction', (v) => Number.parseInt(v, 10), 2000)
    .action(async (files: string[], opts: { skipInvalid?: boolean; chunkSize: number }) => {
      const batches = [];
      for (const file of files) {
        let read;
        try {
          read = await readEventFile(file);
        } catch (err) {
          throw new CliError(`${file}: ${(err as Error).message}`);
        }
        batches.push({ file, batch: validateRecords(read.records, read.errors) });
      }
      const problems: FileProblem[] = batches.flatMap(({ file, batch }) => batch.problems.map((p) => ({ file, ...p })));
      // `rejected` counts records; `problems` lists every problem (a record may have several).
      const report = (summary: { appended: number; duplicates: number }, all: FileProblem[]) =>
        process.stdout.write(`${JSON.stringify({ appended: summary.appended, duplicates: summary.duplicates, rejected: countRecords(all), problems: all })}\n`);
      if (problems.length > 0 && !opts.skipInvalid) {
        problems.slice(0, 50).forEach((p) => process.stderr.write(`${describeProblem(p)}\n`));
        if (problems.length > 50) process.stderr.write(`… and ${problems.length - 50} more\n`);
        report({ appended: 0, duplicates: 0 }, problems);
        const n = countRecords(problems);
        throw new CliError(`${n} invalid record${n === 1 ? '' : 's'}; nothing was written (use --skip-invalid to store the valid ones)`, EXIT.badInput);
      }
      const store = await createEventStore();
      const total = batches.reduce((n, b) => n + b.batch.valid.length, 0);
      const progress = createProgress('import');
      let before = 0;
      const summary = { appended: 0, duplicates: 0 };
      const rejected: FileProblem[] = [...problems];
      try {
        for (const { file, batch } of batches) {
          try {
            const result = await ingestEvents(store, { valid: batch.valid, problems: [] }, {
              skipInvalid: opts.skipInvalid,
              chunkSize: opts.chunkSize,
              onProgress: (done) => progress.update(before + done, total),
            });
            summary.appended += result.appended;
            summary.duplicates += result.duplicates;
            rejected.push(...result.rejected.map((p) => ({ file, ...p })));
          } catch (err) {
            if (err instanceof InvalidInputError) {
              const fileProblems = err.problems.map((p) => ({ file, ...p }));
              fileProblems.forEach((p) => process.stderr.write(`${describeProblem(p)}\n`));
              report(summary, fileProblems);
              throw new CliError(`${file}: ${err.message}`, EXIT.badInput);
            }
            throw err;
          }
          before += batch.valid.length;
        }
      } finally {
        progress.stop();
        await store.close();
      }
      rejected.slice(0, 50).forEach((p) => process.stderr.write(`skipped ${describeProblem(p)}\n`));
      report(summary, rejected);
    });
}
