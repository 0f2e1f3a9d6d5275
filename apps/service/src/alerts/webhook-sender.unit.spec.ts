import { WebhookSender } from './webhook-sender';

const payload = { version: '4', status: 'firing', alerts: [] } as never;

describe('WebhookSender', () => {
  it("says why a message was not delivered, not only fetch's 'fetch failed', and names only the host", async () => {
    // 4190 is on the fetch standard's list of blocked ports: refused before any connection.
    const sender = new WebhookSender('http://127.0.0.1:4190/hook/secret-token', 1_000);
    await expect(sender.send(payload)).rejects.toThrow('alert webhook at 127.0.0.1:4190 not reached: fetch failed (bad port)');
    await expect(sender.send(payload)).rejects.toThrow(expect.objectContaining({ message: expect.not.stringContaining('secret-token') }));
  });
});
