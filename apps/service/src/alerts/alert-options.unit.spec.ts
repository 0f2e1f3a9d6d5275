import { resolveAlertOptions } from './alert-options';

describe('term alert options', () => {
  it('takes REDIS_URL, VT_ALERT_WEBHOOK_URL and VT_ALERT_LOOKBACK_DAYS from the environment, options first', () => {
    const env = { REDIS_URL: 'redis://r:6379', VT_ALERT_WEBHOOK_URL: 'http://am:9093/hook', VT_ALERT_LOOKBACK_DAYS: '3' };
    expect(resolveAlertOptions({}, env)).toMatchObject({ redisUrl: 'redis://r:6379', webhookUrl: 'http://am:9093/hook', lookbackDays: 3, scanIntervalMs: 30_000, horizonMs: 86_400_000 });
    expect(resolveAlertOptions({ redisUrl: 'redis://other', lookbackDays: 0 }, env)).toMatchObject({ redisUrl: 'redis://other', lookbackDays: 0 });
    expect(resolveAlertOptions({}, {})).toMatchObject({ redisUrl: undefined, webhookUrl: undefined, lookbackDays: 7 });
    // Set but empty (VT_ALERT_LOOKBACK_DAYS= in a compose file) is the default, not 0 days.
    expect(resolveAlertOptions({}, { VT_ALERT_LOOKBACK_DAYS: '' }).lookbackDays).toBe(7);
    expect(resolveAlertOptions({}, { VT_ALERT_LOOKBACK_DAYS: '0' }).lookbackDays).toBe(0);
  });

  it('refuses bad values with the name of the setting', () => {
    expect(() => resolveAlertOptions({}, { VT_ALERT_LOOKBACK_DAYS: 'week' })).toThrow(/VT_ALERT_LOOKBACK_DAYS: expected a whole number of days.*week/);
    expect(() => resolveAlertOptions({}, { VT_ALERT_WEBHOOK_URL: 'am:9093' })).toThrow('VT_ALERT_WEBHOOK_URL: expected http://… or https://…, not am://…');
    expect(() => resolveAlertOptions({}, { VT_ALERT_WEBHOOK_URL: 'http://[am:9093/hook' })).toThrow(/^VT_ALERT_WEBHOOK_URL: not a valid URL/);
    // Refused at the start, not when the first alert is due (or, for Redis, as a fault of the code).
    expect(() => resolveAlertOptions({}, { REDIS_URL: 'redis://127.0.0.1:99999' })).toThrow(/^REDIS_URL: not a valid URL/);
    expect(() => resolveAlertOptions({}, { REDIS_URL: 'http://127.0.0.1:6379' })).toThrow('REDIS_URL: expected redis://… or rediss://…, not http://…');
    expect(() => resolveAlertOptions({ scanIntervalMs: 0 })).toThrow(/scanIntervalMs must be a positive number/);
    expect(() => resolveAlertOptions({ leaseMs: 5_000, webhookTimeoutMs: 10_000 })).toThrow(/leaseMs \(5000\) must exceed webhookTimeoutMs/);
  });
});
