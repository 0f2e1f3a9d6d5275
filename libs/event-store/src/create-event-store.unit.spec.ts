import { createEventStore } from './create-event-store';
import { StoreUnavailableError } from './errors';

describe('createEventStore', () => {
  // Port 1 refuses at once: the KurrentDB adapter is chosen for each scheme its client takes, and
  // says the server cannot be reached (rather than that the scheme is not a store).
  it.each(['kurrentdb://127.0.0.1:1?tls=false', 'kurrent://127.0.0.1:1?tls=false', 'kdb://127.0.0.1:1?tls=false', 'esdb+discover://127.0.0.1:1?tls=false'])(
    'takes %s for KurrentDB',
    async (url) => {
      await expect(createEventStore(url)).rejects.toBeInstanceOf(StoreUnavailableError);
    },
    15_000,
  );

  it('refuses another scheme, and a postgres URL that does not parse, naming VT_EVENT_STORE', async () => {
    await expect(createEventStore('mysql://vt:geheim@127.0.0.1/vt')).rejects.toThrow('VT_EVENT_STORE must start with embedded:, postgres:// or kurrentdb://, not "mysql://vt:***@127.0.0.1/vt"');
    await expect(createEventStore('postgres://vt:geheim@127.0.0.1:99999/vt')).rejects.toThrow(/^VT_EVENT_STORE: not a valid URL/);
  });
});
