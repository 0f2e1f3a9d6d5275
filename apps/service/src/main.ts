// `nest start service` / `node dist/apps/service/src/main.js`: the service alone, configured by the
// environment. The usual way in is `vt-monitor serve` (apps/cli), whose exit statuses it shares:
// 2 for a setting that is wrong (nothing opened), 3 for a store or server that cannot be reached.
import 'reflect-metadata';
import { exitCodeOf } from '../../cli/src/exit-codes';
import { startService } from './start-service';
import { abortOnStopSignals, closeWithinLimit, untilAborted } from './stop-signals';

async function main(): Promise<void> {
  const stop = abortOnStopSignals();
  // An empty PORT is the default, as in `vt-monitor serve`.
  const service = await startService({ port: Number(process.env.PORT || 3000), tokensFile: process.env.VT_API_TOKENS });
  await untilAborted(stop);
  await closeWithinLimit(service);
  process.exit(0);
}

void main().catch((err) => {
  process.stderr.write(`vt-monitor: ${(err as Error).message}\n`);
  process.exit(exitCodeOf(err));
});
