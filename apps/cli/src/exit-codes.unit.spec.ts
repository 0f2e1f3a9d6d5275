import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../../../libs/event-store/src';
import { ReadModelsRebuildingError } from '../../../libs/read-model/src';
import { CliError, EXIT, exitCodeOf } from './exit-codes';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

/** The error a worker thread's unhandled rejection becomes in the thread that started it. */
function errorFromWorker(message: string, code: string): Promise<Error> {
  const source = `const e = new Error(${JSON.stringify(message)}); e.code = ${JSON.stringify(code)}; Promise.reject(e);`;
  return new Promise((resolve) => new Worker(source, { eval: true }).on('error', resolve));
}

describe('exitCodeOf', () => {
  it('gives 3 when a server could not be reached or went away half-way, so the same command can run again', async () => {
    expect(exitCodeOf(new StoreUnavailableError('the postgres event store cannot be reached'))).toBe(EXIT.unavailable);
    expect(exitCodeOf(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(EXIT.unavailable);
    // PostgreSQL shut down or terminated the connection (admin_shutdown), or the link failed.
    expect(exitCodeOf(withCode('terminating connection due to administrator command', '57P01'))).toBe(EXIT.unavailable);
    expect(exitCodeOf(new Error('Connection terminated unexpectedly'))).toBe(EXIT.unavailable);
    // Out of connections (too many rebuild threads beside the service): again later, or with fewer.
    expect(exitCodeOf(withCode('sorry, too many clients already', '53300'))).toBe(EXIT.unavailable);
    // From a rebuild's worker thread: the error is cloned, with its message and code.
    expect(exitCodeOf(await errorFromWorker('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe(EXIT.unavailable);
    // Another process began a rebuild after this one caught up: again once it is done.
    expect(exitCodeOf(new ReadModelsRebuildingError())).toBe(EXIT.unavailable);
  });

  it('gives 2 for bad input, and for errors that running again would not mend', () => {
    expect(exitCodeOf(new CliError('--org is required'))).toBe(EXIT.badInput);
    expect(exitCodeOf(withCode('syntax error at or near "SELEC"', '42601'))).toBe(EXIT.badInput);
    expect(exitCodeOf(new CliError('1 row outside its tolerance', EXIT.checkFailed))).toBe(EXIT.checkFailed);
  });
});
