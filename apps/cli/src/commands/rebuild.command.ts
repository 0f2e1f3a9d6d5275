import { InvalidArgumentError, type Command } from 'commander';
import { defaultRebuildWorkers, rebuildReadModels } from '../../../../libs/read-model/src';
import { createProgress, type Progress } from '../progress';
import { openProduct } from '../open-product';
import { parseWholeNumber } from '../../../../libs/config/src/whole-number';

/** `vt-monitor rebuild`: drops every read model and rebuilds it from the event log. */
export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('drop every read model and rebuild it from the event log, with progress')
    .option('--workers <n>', `threads that fold at once on PostgreSQL (default: one per core, at most 8; here ${defaultRebuildWorkers()})`, parseWorkers)
    .action(async (opts: { workers?: number }) => {
      const product = await openProduct({ otherSettings: true });
      if (opts.workers !== undefined && !product.readModel.db.connectionString) process.stderr.write('rebuild: --workers is for PostgreSQL; this store folds on one thread\n');
      const copy = createProgress('rebuild: events copied');
      let fold: Progress | undefined;
      let workers = 1;
      const index = createProgress('rebuild: indexes');
      const refold = createProgress('rebuild: cases folded again (events after their fold)');
      try {
        const started = Date.now();
        const result = await rebuildReadModels(product.store, product.readModel.db, product.config, {
          workers: opts.workers,
          // Events read from the log (total: the planner's estimate), or cases folded after a copy.
          onProgress: (p) => {
            if (p.phase === 'copy') return copy.update(p.done, p.done);
            if (p.phase === 'index') return index.update(p.done, p.total ?? p.done);
            if (p.phase === 'refold') return refold.update(p.done, p.total ?? p.done);
            workers = p.workers ?? 1;
            fold ??= createProgress(`rebuild: folded${workers > 1 ? ` (${workers} threads)` : ''}`);
            fold.update(p.done, p.total ?? p.done);
          },
        });
        copy.stop();
        fold?.stop();
        index.stop();
        refold.stop();
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(`${JSON.stringify({ ...result, workers, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(result.events / Math.max(seconds, 0.001)) })}\n`);
      } finally {
        copy.stop();
        fold?.stop();
        index.stop();
        refold.stop();
        await product.close();
      }
    });
}

function parseWorkers(value: string): number {
  const n = parseWholeNumber(value);
  // Each thread holds a few connections of its own (its read ahead and its write): 16 threads, some 50.
  if (n === undefined || n < 1 || n > 16) throw new InvalidArgumentError('--workers must be a whole number from 1 to 16');
  return n;
}
