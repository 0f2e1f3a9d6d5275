import type { Command } from 'commander';
import { rebuildReadModels } from '../../../../libs/read-model/src';
import { createProgress } from '../progress';
import { openProduct } from '../open-product';

/** `vt-monitor rebuild`: drops every read model and rebuilds it from the event log. */
export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('drop every read model and rebuild it from the event log, with progress')
    .action(async () => {
      const product = await openProduct();
      const copy = createProgress('rebuild: events copied');
      const fold = createProgress('rebuild: folded');
      const index = createProgress('rebuild: indexes');
      try {
        const started = Date.now();
        const result = await rebuildReadModels(product.store, product.readModel.db, product.config, {
          // Events read from the log in case order (total: the planner's estimate), or cases folded after a copy.
          onProgress: (p) => (p.phase === 'copy' ? copy.update(p.done, p.done) : p.phase === 'fold' ? fold.update(p.done, p.total ?? p.done) : index.update(p.done, p.total ?? p.done)),
        });
        copy.stop();
        fold.stop();
        index.stop();
        const seconds = (Date.now() - started) / 1000;
        process.stdout.write(`${JSON.stringify({ ...result, seconds: Math.round(seconds * 10) / 10, eventsPerSecond: Math.round(result.events / Math.max(seconds, 0.001)) })}\n`);
      } finally {
        copy.stop();
        fold.stop();
        index.stop();
        await product.close();
      }
    });
}
