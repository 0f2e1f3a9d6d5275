import { fetchFailureCause, WebhookSender } from './webhook-sender';

const payload = { version: '4', status: 'firing', alerts: [] } as never;

describe('WebhookSender', () => {
  it("says why a message was not delivered, not only fetch's 'fetch failed', and names only the host", async () => {
    // 4190 is on the fetch standard's list of blocked ports: refused before any connection.
    const sender = new WebhookSender('http://127.0.0.1:4190/hook/secret-token', 1_000);
    await expect(sender.send(payload)).rejects.toThrow('alert webhook at 127.0.0.1:4190 not reached: fetch failed (bad port)');
    await expect(sender.send(payload)).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-token') }));
  });
});

describe('fetchFailureCause', () => {
  const failed = (cause?: unknown) => Object.assign(new TypeError('fetch failed'), { cause });

  it("gives the cause's message", () => {
    expect(fetchFailureCause(failed(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' })))).toBe('connect ECONNREFUSED 127.0.0.1:9');
  });

  it('gives the code and every attempt of an AggregateError, whose message is empty (a host name with an IPv6 and an IPv4 address)', () => {
    const both = Object.assign(new AggregateError([new Error('connect ECONNREFUSED ::1:9'), new Error('connect ECONNREFUSED 127.0.0.1:9')], ''), { code: 'ECONNREFUSED' });
    expect(fetchFailureCause(failed(both))).toBe('ECONNREFUSED: connect ECONNREFUSED ::1:9; connect ECONNREFUSED 127.0.0.1:9');
  });

  it('gives nothing when there is no cause, or one that says nothing', () => {
    expect(fetchFailureCause(failed())).toBeUndefined();
    expect(fetchFailureCause(failed(new AggregateError([], '')))).toBeUndefined();
  });
});
