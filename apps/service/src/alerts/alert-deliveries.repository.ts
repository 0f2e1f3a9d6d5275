import { createSchemaOnce, type SqlClient } from '../../../../libs/event-store/src';
import type { TermAlert } from '../../../../libs/alerts/src';

/**
 * The durable record of each alert, in the read models' SQL database (shared by all replicas on
 * one PostgreSQL), keyed by the alert's fingerprint (a hash). It is what makes a Redis flush or a
 * second replica harmless: an alert whose event is written and whose notification is delivered is
 * never planned again, and a delivery is claimed (a lease) before it is sent, so two replicas never
 * POST the same alert at the same time. Not a read model: a rebuild leaves it alone, so a rebuild
 * re-sends nothing.
 *
 * A delivered alert's `resolved` message is a delivery of its own, keyed `<fingerprint>:resolved`.
 * Between the two, and only then, the alert's row holds the case's stream id (`case_key`), so
 * that the alert can be resolved however long its clock runs on; the resolved message's delivery
 * clears it, and erasing the case deletes the row (`eraseCase` in libs/read-model/src/read-model.ts,
 * which also vacuums this table: change the two together).
 */
export const ALERT_DELIVERIES_SQL = `
CREATE TABLE IF NOT EXISTS vt_alert_deliveries (
  fingerprint      text PRIMARY KEY,
  kind             text NOT NULL,
  due_at           timestamptz NOT NULL,
  event_written_at timestamptz,
  claimed_by       text,
  claimed_until    timestamptz,
  attempts         integer NOT NULL DEFAULT 0,
  delivered_at     timestamptz
);
CREATE INDEX IF NOT EXISTS vt_alert_deliveries_due ON vt_alert_deliveries (due_at);
DO $$ BEGIN
  -- Added in a later version: only when missing, so that a start takes no exclusive lock on the table.
  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'vt_alert_deliveries' AND column_name = 'case_key' AND table_schema = current_schema()) THEN
    ALTER TABLE vt_alert_deliveries ADD COLUMN case_key text;
  END IF;
END $$;
CREATE INDEX IF NOT EXISTS vt_alert_deliveries_open ON vt_alert_deliveries (case_key) WHERE case_key IS NOT NULL;
`;

/** The delivery key of an alert's `resolved` message. */
export const resolvedKey = (fingerprint: string) => `${fingerprint}:resolved`;

/** One message to deliver: an alert's firing message (key: its fingerprint) or its resolved one. */
export interface Delivery {
  key: string;
  kind: string;
  dueAt: number;
}

export interface AlertState {
  eventWritten: boolean;
  delivered: boolean;
}

export type Claim = 'claimed' | 'delivered' | 'held' | 'gone';

export class AlertDeliveriesRepository {
  constructor(private readonly db: SqlClient) {}

  /** Creates the table (once, however many replicas start together). */
  async ensureSchema(): Promise<void> {
    await createSchemaOnce(this.db, 'vt_alert_deliveries', ALERT_DELIVERIES_SQL, {
      relations: ['vt_alert_deliveries', 'vt_alert_deliveries_due', 'vt_alert_deliveries_open'],
      columns: [['vt_alert_deliveries', 'case_key']],
    });
  }

  async states(fingerprints: readonly string[]): Promise<Map<string, AlertState>> {
    const states = new Map<string, AlertState>();
    if (fingerprints.length === 0) return states;
    const rows = await this.db.query<{ fingerprint: string; event_written: boolean; delivered: boolean }>(
      `SELECT fingerprint, event_written_at IS NOT NULL AS event_written, delivered_at IS NOT NULL AS delivered FROM vt_alert_deliveries WHERE fingerprint = ANY($1::text[])`,
      [fingerprints],
    );
    for (const r of rows) states.set(r.fingerprint, { eventWritten: r.event_written, delivered: r.delivered });
    return states;
  }

  async markEventWritten(alert: TermAlert): Promise<void> {
    await this.db.query(
      `INSERT INTO vt_alert_deliveries (fingerprint, kind, due_at, event_written_at) VALUES ($1, $2, $3::timestamptz, now())
       ON CONFLICT (fingerprint) DO UPDATE SET event_written_at = COALESCE(vt_alert_deliveries.event_written_at, now())`,
      [alert.fingerprint, alert.kind, new Date(alert.dueAt).toISOString()],
    );
  }

  /**
   * Claims a delivery for `owner` until the lease ends, in one atomic statement (the row lock of
   * INSERT … ON CONFLICT DO UPDATE … WHERE), and only while the case has its rm_cases row, which
   * the statement locks (FOR SHARE): an erasure either waits for the claim, and then deletes its
   * row, or comes first, and then there is nothing to claim (`gone`; also while a rebuild has
   * emptied the read models: a later scan arms it again). `delivered`: done already; `held`:
   * another replica is sending it right now.
   */
  async claim(delivery: Delivery, caseKey: string, owner: string, leaseMs: number): Promise<Claim> {
    const claimed = await this.db.query(
      `INSERT INTO vt_alert_deliveries (fingerprint, kind, due_at, claimed_by, claimed_until, attempts)
       SELECT $1, $2, $3::timestamptz, $4, now() + $5::int * interval '1 millisecond', 1
       WHERE EXISTS (SELECT 1 FROM rm_cases WHERE case_key = $6 FOR SHARE)
       ON CONFLICT (fingerprint) DO UPDATE SET claimed_by = EXCLUDED.claimed_by, claimed_until = EXCLUDED.claimed_until, attempts = vt_alert_deliveries.attempts + 1
       WHERE vt_alert_deliveries.delivered_at IS NULL AND (vt_alert_deliveries.claimed_until IS NULL OR vt_alert_deliveries.claimed_until < now())
       RETURNING fingerprint`,
      [delivery.key, delivery.kind, new Date(delivery.dueAt).toISOString(), owner, Math.round(leaseMs), caseKey],
    );
    if (claimed.length > 0) return 'claimed';
    const [row] = await this.db.query<{ delivered: boolean }>(`SELECT delivered_at IS NOT NULL AS delivered FROM vt_alert_deliveries WHERE fingerprint = $1`, [delivery.key]);
    if (row) return row.delivered ? 'delivered' : 'held';
    return 'gone';
  }

  /**
   * Records an alert's firing message delivered; from now on its row holds the case (`caseKey`)
   * until it is resolved. An erasure since the claim has deleted the row: nothing is written back.
   */
  async markDelivered(fingerprint: string, caseKey: string): Promise<void> {
    await this.db.query(
      `UPDATE vt_alert_deliveries SET delivered_at = COALESCE(delivered_at, now()), claimed_until = NULL,
         case_key = CASE WHEN delivered_at IS NULL THEN $2 ELSE case_key END
       WHERE fingerprint = $1`,
      [
        fingerprint,
        caseKey,
      ],
    );
  }

  /** Records an alert's resolved message delivered and forgets its case, in one statement. */
  async markResolved(fingerprint: string): Promise<void> {
    await this.db.query(
      `WITH resolved AS (UPDATE vt_alert_deliveries SET delivered_at = COALESCE(delivered_at, now()), claimed_until = NULL WHERE fingerprint = $2 RETURNING 1)
       UPDATE vt_alert_deliveries SET case_key = NULL WHERE fingerprint = $1`,
      [fingerprint, resolvedKey(fingerprint)],
    );
  }

  /** The delivered alerts not yet resolved: fingerprint → the case's stream id. */
  async unresolved(): Promise<Map<string, string>> {
    const rows = await this.db.query<{ fingerprint: string; case_key: string }>(`SELECT fingerprint, case_key FROM vt_alert_deliveries WHERE case_key IS NOT NULL`);
    return new Map(rows.map((r) => [r.fingerprint, r.case_key]));
  }

  /** Gives a claim back after a failed attempt, so that the retry (here or in another replica) may claim it. */
  async release(fingerprint: string, owner: string): Promise<void> {
    await this.db.query(`UPDATE vt_alert_deliveries SET claimed_until = NULL WHERE fingerprint = $1 AND claimed_by = $2 AND delivered_at IS NULL`, [fingerprint, owner]);
  }

  /**
   * Forgets alerts due before `before` (older than any scan still looks), except a delivered alert
   * still waiting for its resolved message, which is kept until `unresolvedBefore` (its clock may
   * run on for weeks past the term).
   */
  async prune(before: number, unresolvedBefore: number): Promise<void> {
    await this.db.query(
      `DELETE FROM vt_alert_deliveries d WHERE d.due_at < $1::timestamptz
         AND (d.due_at < $2::timestamptz OR NOT EXISTS (SELECT 1 FROM vt_alert_deliveries f WHERE f.fingerprint = split_part(d.fingerprint, ':', 1) AND f.case_key IS NOT NULL))`,
      [new Date(before).toISOString(), new Date(unresolvedBefore).toISOString()],
    );
  }
}
