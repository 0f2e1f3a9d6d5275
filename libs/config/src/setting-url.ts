/**
 * A setting that must be a URL with one of `protocols` (e.g. REDIS_URL: `redis:`, `rediss:`): the
 * parsed URL, or an error that names the setting. The value is not repeated: it may hold a password.
 */
export function parseSettingUrl(name: string, value: string, protocols: readonly string[]): URL {
  const expected = protocols.map((p) => `${p}//…`).join(' or ');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${name}: not a valid URL (expected ${expected}; a port must be 0–65535)`);
  }
  if (!protocols.includes(url.protocol)) throw new Error(`${name}: expected ${expected}, not ${url.protocol}//…`);
  return url;
}
