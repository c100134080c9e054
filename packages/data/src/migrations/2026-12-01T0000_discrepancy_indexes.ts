import type { Kysely } from 'kysely';

/**
 * Indexes the discrepancy queue was missing, found by reading the query plans of the discovery and audit tests:
 * - raising a discrepancy reads the latest one of its subject, open or not (an "ignore until" or "keep the register
 *   value" decision holds for later detections), and the existing unique index covers open ones only: every raise
 *   scanned the table;
 * - an audit run's report and its filtered queue list its findings;
 * - the queue pages newest first, over every discrepancy or over one status: the existing queue index starts with
 *   (status, kind), so without a kind every page sorted the whole queue.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('discrepancies_subject_latest').on('discrepancies').columns(['dedupe_key', 'updated_at']).execute();
  await db.schema.createIndex('discrepancies_newest').on('discrepancies').columns(['detected_at', 'id']).execute();
  await db.schema.createIndex('discrepancies_status_newest').on('discrepancies').columns(['status', 'detected_at', 'id']).execute();
  await db.schema.createIndex('discrepancies_audit_run').on('discrepancies').columns(['audit_run_id', 'detected_at']).execute();
}
