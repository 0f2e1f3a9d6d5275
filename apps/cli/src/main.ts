import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { registerDataQuality } from './commands/data-quality.command';
import { registerErase } from './commands/erase.command';
import { registerImport } from './commands/import.command';
import { registerRebuild } from './commands/rebuild.command';
import { registerReconcile } from './commands/reconcile.command';
import { registerReport } from './commands/report.command';
import { registerSeed } from './commands/seed.command';
import { registerServe } from './commands/serve.command';
import { registerSimulate } from './commands/simulate.command';
import { EXIT, exitCodeOf, failureText } from './exit-codes';

const program = new Command()
  .name('vt-monitor')
  .description('Live monitoring of waiting lists and throughput times of Veilig Thuis organisations')
  .exitOverride()
  .showHelpAfterError();

registerServe(program);
registerImport(program);
registerSeed(program);
registerReport(program);
registerReconcile(program);
registerRebuild(program);
registerDataQuality(program);
registerErase(program);
registerSimulate(program);

/**
 * Ends the process once stdout and stderr have handed everything written to the system. The
 * process is ended rather than left to end by itself (a pool or a timer may linger), but
 * `process.exit` right after a write cut off all but the first 64 KiB of a report, a reconcile or an
 * import summary read through a pipe (`| jq`), with exit status 0: on Linux a pipe is written
 * asynchronously. A write's callback runs once the writes before it are done (or have failed: a
 * reader that went away, `| head`).
 */
function exitAfterOutput(code: number): void {
  process.exitCode = code;
  let open = 2;
  const flushed = (err?: Error | null) => {
    if (err) noteOutputError(err);
    if (--open > 0) return;
    if (outputError && code === EXIT.ok) {
      process.stderr.write(`vt-monitor: the output could not be written: ${outputError.message}\n`, () => process.exit(EXIT.outputFailed));
      return;
    }
    process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

/**
 * Output that could not be written (a full disk: `> /dev/full`) is no success: the process ends
 * with 74, sysexits' EX_IOERR, saying so. A reader that went away (EPIPE, `| head -1`) took what it
 * wanted: no failure of the command.
 */
let outputError: Error | undefined;
function noteOutputError(err: Error): void {
  if ((err as NodeJS.ErrnoException).code !== 'EPIPE') outputError ??= err;
}
process.stdout.on('error', noteOutputError);

program.parseAsync(process.argv).then(
  () => exitAfterOutput(typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok),
  (err: unknown) => {
    if (err instanceof CommanderError) return exitAfterOutput(err.exitCode === 0 ? EXIT.ok : EXIT.badInput);
    process.stderr.write(failureText(err));
    exitAfterOutput(exitCodeOf(err));
  },
);
