import type { InputFormatError, InputRecord } from '../../../../libs/ingest/src';
import type { Principal } from '../auth/api-tokens';

/** Store a batch of events sent over HTTP, on behalf of `principal`. */
export class IngestEventsCommand {
  constructor(
    readonly records: InputRecord[],
    readonly formatErrors: InputFormatError[],
    readonly principal: Principal,
    readonly skipInvalid = false,
  ) {}
}
