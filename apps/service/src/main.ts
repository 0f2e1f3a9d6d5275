// `nest start service` / `node dist/apps/service/src/main.js`: the service alone, configured by the
// environment. The usual way in is `vt-monitor serve` (apps/cli).
import 'reflect-metadata';
import { startService } from './start-service';

void startService({ port: Number(process.env.PORT ?? 3000), tokensFile: process.env.VT_API_TOKENS }).catch((err) => {
  process.stderr.write(`vt-monitor: ${(err as Error).message}\n`);
  process.exit(3);
});
