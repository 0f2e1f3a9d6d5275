import { DateTime } from 'luxon';
import type { TermAlert } from './alert-schedule';

/** One alert of an Alertmanager webhook message (version 4). */
export interface AlertmanagerAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL: string;
  fingerprint: string;
}

/** The body Alertmanager POSTs to a webhook receiver (`version: "4"`), so any such receiver takes ours. */
export interface AlertmanagerWebhookPayload {
  version: '4';
  groupKey: string;
  truncatedAlerts: number;
  status: 'firing' | 'resolved';
  receiver: string;
  groupLabels: Record<string, string>;
  commonLabels: Record<string, string>;
  commonAnnotations: Record<string, string>;
  externalURL: string;
  alerts: AlertmanagerAlert[];
}

/** Alertmanager's "no end" time. */
const NO_END = '0001-01-01T00:00:00Z';

function describe(alert: TermAlert): Record<string, string> {
  const summary =
    alert.kind === 'overdue'
      ? `Termijn ${alert.termijn} overschreden (deadline ${alert.deadline})`
      : `Termijn ${alert.termijn} verloopt binnen een werkdag (deadline ${alert.deadline})`;
  return { summary, deadline: alert.deadline };
}

/**
 * The webhook message for one alert, in Alertmanager's webhook shape (version 4): labels are
 * alertname, organisation, termijn, severity and the pseudonymous caseId (never anything else
 * about the people involved); the annotations carry the deadline. `fingerprint` is the alert's
 * key: a receiver that gets it twice (at-least-once delivery) can drop the second.
 * With `endsAt` (ms since the epoch, from `alertEndsAt`) it is the `resolved` message of the same
 * alert: same labels and fingerprint, status `resolved`, `endsAt` when the alert stopped holding.
 */
export function alertmanagerPayload(alert: TermAlert, options: { receiver?: string; externalUrl?: string; endsAt?: number } = {}): AlertmanagerWebhookPayload {
  const annotations = describe(alert);
  const status = options.endsAt === undefined ? 'firing' : 'resolved';
  const isoOf = (ms: number) => DateTime.fromMillis(ms, { zone: 'utc' }).toISO()!;
  // Each message is a group of its own alert (grouped by all its labels): a receiver that keys on
  // the group (an incident per groupKey) keeps one incident per case and term, and the resolved
  // message finds its firing one. With `alertname` alone every case shared one group.
  const groupLabels = { ...alert.labels };
  return {
    version: '4',
    groupKey: groupKeyOf(groupLabels),
    truncatedAlerts: 0,
    status,
    receiver: options.receiver ?? 'vt-monitor',
    groupLabels,
    commonLabels: { ...alert.labels },
    commonAnnotations: annotations,
    externalURL: options.externalUrl ?? '',
    alerts: [
      {
        status,
        labels: { ...alert.labels },
        annotations,
        // Not after its end: a deadline moved later since the alert went out (same fingerprint).
        startsAt: isoOf(options.endsAt === undefined ? alert.dueAt : Math.min(alert.dueAt, options.endsAt)),
        endsAt: options.endsAt === undefined ? NO_END : isoOf(options.endsAt),
        generatorURL: '',
        fingerprint: alert.fingerprint,
      },
    ],
  };
}

/** Alertmanager's group key of a group at the root route: `{}:` and the group's labels as a label set, sorted, values quoted as Go's %q does for these. */
function groupKeyOf(labels: Record<string, string>): string {
  const quote = (v: string) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;
  const set = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${quote(labels[name])}`)
    .join(', ');
  return `{}:{${set}}`;
}
