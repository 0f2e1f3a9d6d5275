import { parseSettingUrl } from '../../../../libs/config/src/setting-url';
/** How term alerts run; every field has a default (below), most from the environment. */
export interface AlertOptions {
  /** Redis for BullMQ (default `REDIS_URL`); without it the same jobs run in-process. */
  redisUrl?: string;
  /** Where alerts are POSTed, Alertmanager-style (default `VT_ALERT_WEBHOOK_URL`); without it only `TermijnOverschreden` is written. */
  webhookUrl?: string;
  /** BullMQ key prefix (default `vt`): replicas that share one must share the prefix too. */
  prefix?: string;
  /** How often the read models are scanned for due alerts (default 30 s), besides right after the projections apply events. */
  scanIntervalMs?: number;
  /** How far ahead alerts become delayed jobs (default 24 h). */
  horizonMs?: number;
  /** How many days back a missed deadline still raises its alert, e.g. after downtime (default `VT_ALERT_LOOKBACK_DAYS` or 7). */
  lookbackDays?: number;
  /** Delivery attempts per round before the job gives up until the next scan (default 10), with exponential back-off from `backoffMs` (default 1 s). */
  deliveryAttempts?: number;
  backoffMs?: number;
  /** One POST's time limit (default 10 s). */
  webhookTimeoutMs?: number;
  /** How long a claimed delivery is reserved for the replica sending it (default 60 s; must exceed the time limit). */
  leaseMs?: number;
  /** The clock (ms since the epoch); tests move it. */
  now?: () => number;
}

export type ResolvedAlertOptions = Required<Omit<AlertOptions, 'redisUrl' | 'webhookUrl'>> & Pick<AlertOptions, 'redisUrl' | 'webhookUrl'>;

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`term alerts: ${name} must be a positive number, got ${value}`);
  return value;
}

/** Options with their defaults; environment variables fill what the caller left out. */
export function resolveAlertOptions(options: AlertOptions = {}, env: NodeJS.ProcessEnv = process.env): ResolvedAlertOptions {
  // Set but empty is the default too (as for the other settings), not 0 (Number('') is 0).
  const lookbackText = env.VT_ALERT_LOOKBACK_DAYS?.trim();
  const lookback = options.lookbackDays ?? (lookbackText ? Number(lookbackText) : 7);
  if (!Number.isInteger(lookback) || lookback < 0) throw new Error(`VT_ALERT_LOOKBACK_DAYS: expected a whole number of days (0 or more), got ${env.VT_ALERT_LOOKBACK_DAYS ?? lookback}`);
  const webhookUrl = options.webhookUrl ?? (env.VT_ALERT_WEBHOOK_URL || undefined);
  if (webhookUrl !== undefined) parseSettingUrl('VT_ALERT_WEBHOOK_URL', webhookUrl, ['http:', 'https:']);
  const redisUrl = options.redisUrl ?? (env.REDIS_URL || undefined);
  if (redisUrl !== undefined) parseSettingUrl('REDIS_URL', redisUrl, ['redis:', 'rediss:']);
  const resolved: ResolvedAlertOptions = {
    redisUrl,
    webhookUrl,
    prefix: options.prefix ?? 'vt',
    scanIntervalMs: positive('scanIntervalMs', options.scanIntervalMs ?? 30_000),
    horizonMs: positive('horizonMs', options.horizonMs ?? 24 * 3_600_000),
    lookbackDays: lookback,
    deliveryAttempts: positive('deliveryAttempts', options.deliveryAttempts ?? 10),
    backoffMs: positive('backoffMs', options.backoffMs ?? 1_000),
    webhookTimeoutMs: positive('webhookTimeoutMs', options.webhookTimeoutMs ?? 10_000),
    leaseMs: positive('leaseMs', options.leaseMs ?? 60_000),
    now: options.now ?? Date.now,
  };
  if (resolved.leaseMs <= resolved.webhookTimeoutMs) throw new Error(`term alerts: leaseMs (${resolved.leaseMs}) must exceed webhookTimeoutMs (${resolved.webhookTimeoutMs})`);
  return resolved;
}
