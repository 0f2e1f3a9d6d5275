import { parseSettingUrl } from './setting-url';

describe('parseSettingUrl', () => {
  it('gives the URL of a setting with one of the protocols', () => {
    expect(parseSettingUrl('REDIS_URL', 'redis://127.0.0.1:6379/2', ['redis:', 'rediss:']).port).toBe('6379');
  });

  it('names the setting, and never repeats its value (it may hold a password)', () => {
    const refuse = (value: string) => () => parseSettingUrl('VT_EVENT_STORE', value, ['postgres:', 'postgresql:']);
    expect(refuse('postgres://vt:geheim@127.0.0.1:99999/vt')).toThrow('VT_EVENT_STORE: not a valid URL (expected postgres://… or postgresql://…; a port must be 0–65535)');
    expect(refuse('postgres://vt:geheim@[::1/vt')).toThrow(/^VT_EVENT_STORE: not a valid URL/);
    expect(refuse('mysql://vt:geheim@127.0.0.1/vt')).toThrow('VT_EVENT_STORE: expected postgres://… or postgresql://…, not mysql://…');
    for (const value of ['postgres://vt:geheim@127.0.0.1:99999/vt', 'mysql://vt:geheim@127.0.0.1/vt']) {
      expect(() => parseSettingUrl('VT_EVENT_STORE', value, ['postgres:'])).toThrow(expect.objectContaining({ message: expect.not.stringContaining('geheim') }));
    }
  });
});
