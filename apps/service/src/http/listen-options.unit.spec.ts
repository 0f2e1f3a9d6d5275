import { assertBindable, isLoopbackHost, maxBodyBytesFrom } from './listen-options';

describe('isLoopbackHost', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', '::1', '[::1]'])('%s is loopback', (host) => expect(isLoopbackHost(host)).toBe(true));
  it.each(['0.0.0.0', '::', '10.0.0.5', '192.168.1.10', 'vt-monitor', '127.example.org', '128.0.0.1'])('%s is not', (host) => expect(isLoopbackHost(host)).toBe(false));
});

describe('assertBindable', () => {
  it('refuses a wider address without API tokens, naming what to set', () => {
    expect(() => assertBindable('0.0.0.0', false)).toThrow(/refusing to listen on 0\.0\.0\.0 without API tokens.*VT_API_TOKENS/);
  });
  it('allows loopback without tokens, and any address with them', () => {
    expect(() => assertBindable('127.0.0.1', false)).not.toThrow();
    expect(() => assertBindable('0.0.0.0', true)).not.toThrow();
  });
});

describe('maxBodyBytesFrom (VT_MAX_BODY_BYTES)', () => {
  it('is 16 MiB when unset or empty', () => {
    expect(maxBodyBytesFrom(undefined)).toBe(16 * 1024 * 1024);
    expect(maxBodyBytesFrom(' ')).toBe(16 * 1024 * 1024);
  });
  it('takes a positive whole number of bytes', () => expect(maxBodyBytesFrom('65536')).toBe(65536));
  it.each(['0', '-5', '1.5', '16MB', 'abc'])('refuses %s, naming the variable', (v) => expect(() => maxBodyBytesFrom(v)).toThrow(/VT_MAX_BODY_BYTES must be a positive whole number/));
});
