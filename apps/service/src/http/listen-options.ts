import { isIP } from 'node:net';
import { parseWholeNumber } from '../../../../libs/config/src/whole-number';

/** Whether a bind address reaches this machine only: 127.0.0.0/8, ::1 or `localhost`. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * Without API tokens every caller is an admin of every organisation, so the API may answer on
 * loopback only (interfaces.md). A wider bind address without them is refused before anything
 * starts, with what to do instead.
 */
export function assertBindable(host: string, hasTokens: boolean): void {
  if (hasTokens || isLoopbackHost(host)) return;
  throw new Error(
    `refusing to listen on ${host} without API tokens: anyone who reaches it could read and erase every organisation's cases. Set VT_API_TOKENS (a tokens file), or listen on 127.0.0.1`,
  );
}

/** The default largest request body: 16 MiB. */
export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** `VT_MAX_BODY_BYTES` as a byte count (the default when unset); anything but a positive whole number is refused. */
export function maxBodyBytesFrom(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_MAX_BODY_BYTES;
  const n = parseWholeNumber(value);
  if (n === undefined || n < 1) throw new Error(`VT_MAX_BODY_BYTES must be a positive whole number of bytes, got "${value}"`);
  return n;
}
