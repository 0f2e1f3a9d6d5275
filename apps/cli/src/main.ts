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

program.parseAsync(process.argv).then(
  () => process.exit(process.exitCode ?? EXIT.ok),
  (err: unknown) => {
    if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? EXIT.ok : EXIT.badInput);
    process.stderr.write(failureText(err));
    process.exit(exitCodeOf(err));
  },
);
