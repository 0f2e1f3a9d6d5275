// `nest start service` / `node dist/apps/service/src/main.js`: the service alone, configured by the
// environment. The usual way in is `vt-monitor serve` (apps/cli), whose exit statuses it shares:
// 2 for a setting that is wrong (nothing opened), 3 for a store or server that cannot be reached.
import 'reflect-metadata';
import { parseWholeNumber } from '../../../libs/config/src/whole-number';
import { CliError, exitCodeOf, failureText } from '../../cli/src/exit-codes';
import { startService } from './start-service';
import { abortOnStopSignals, closeWithinLimit, untilAborted } from './stop-signals';

async function main(): Promise<void> {
  const stop = abortOnStopSignals();
  // An empty PORT is the default, and anything but digits 0–65535 is refused, as in `vt-monitor serve`.
  const port = parseWholeNumber(process.env.PORT?.trim() ? process.env.PORT : '3000');
  if (port === undefined || port > 65535) throw new CliError('PORT: must be a TCP port number, 0–65535');
  const service = await startService({ port, tokensFile: process.env.VT_API_TOKENS });
  await untilAborted(stop);
  await closeWithinLimit(service);
  process.exit(0);
}

void main().catch((err) => {
  process.stderr.write(failureText(err));
  process.exit(exitCodeOf(err));
});
