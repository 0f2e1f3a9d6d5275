import { Worker } from 'node:worker_threads';
import { StoreUnavailableError } from '../../../libs/event-store/src';
import { ReadModelsRebuildingError } from '../../../libs/read-model/src';
import { CliError, EXIT, exitCodeOf, failureText } from './exit-codes';

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

  it('gives 2 for bad input, and for what the user must mend where the command runs', () => {
    expect(exitCodeOf(new CliError('--org is required'))).toBe(EXIT.badInput);
    expect(exitCodeOf(new CliError('1 row outside its tolerance', EXIT.checkFailed))).toBe(EXIT.checkFailed);
    // A file that is not there or not readable, a JSON file that does not parse.
    expect(exitCodeOf(withCode("ENOENT: no such file or directory, open 'x.ndjson'", 'ENOENT'))).toBe(EXIT.badInput);
    expect(exitCodeOf(withCode("EACCES: permission denied, mkdir '/data'", 'EACCES'))).toBe(EXIT.badInput);
    expect(exitCodeOf(new SyntaxError('Unexpected token } in JSON at position 4'))).toBe(EXIT.badInput);
    // The server refuses this user a table; an unknown setting in the connection string; a server
    // too old for the store's schema (no xid8): the operator's to mend, not a fault of the code.
    expect(exitCodeOf(withCode('permission denied for table vt_events', '42501'))).toBe(EXIT.badInput);
    expect(exitCodeOf(withCode('unrecognized configuration parameter "foo_bar"', '42704'))).toBe(EXIT.badInput);
    expect(exitCodeOf(withCode('function pg_current_xact_id() does not exist', '42883'))).toBe(EXIT.badInput);
  });

  it('gives 70 for a fault in vt-monitor itself, which bad input cannot cause', () => {
    expect(exitCodeOf(new TypeError("Cannot read properties of undefined (reading 'caseId')"))).toBe(EXIT.internal);
    expect(exitCodeOf(new RangeError('Maximum call stack size exceeded'))).toBe(EXIT.internal);
    expect(exitCodeOf(withCode('syntax error at or near "SELEC"', '42601'))).toBe(EXIT.internal);
    expect(exitCodeOf(withCode('column "stream_idx" does not exist', '42703'))).toBe(EXIT.internal);
    expect(exitCodeOf(withCode('duplicate key value violates unique constraint "vt_events_pkey"', '23505'))).toBe(EXIT.internal);
    expect(exitCodeOf(withCode('could not open relation', 'XX000'))).toBe(EXIT.internal);
    // A code that is not a SQLSTATE is not read as one.
    expect(exitCodeOf(withCode('something', 'ERR_SOMETHING'))).toBe(EXIT.badInput);
  });
});

describe('failureText', () => {
  it('prints the message of an error the user can act on, without a stack', () => {
    expect(failureText(new CliError('--org is required'))).toBe('vt-monitor: --org is required\n');
    expect(failureText(withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'))).toBe('vt-monitor: connect ECONNREFUSED 127.0.0.1:5432\n');
  });

  it('says that an internal fault is one, with its stack to report', () => {
    const text = failureText(new TypeError("Cannot read properties of undefined (reading 'caseId')"));
    expect(text).toMatch(/^vt-monitor: internal error \(a fault in vt-monitor, not in what it was given; please report it with these lines\): Cannot read properties of undefined \(reading 'caseId'\)\n/);
    expect(text).toMatch(/\n +at .*exit-codes\.unit\.spec\.ts:\d+/);
  });
});
