import { sql } from 'kysely';
import { chainTextOf } from '@custodia/domain';
import { type Db, sha256 } from '@custodia/data';

/**
 * What a forger with write access to the database does: lifts the append-only trigger, edits event `seq`, and
 * recomputes the hash of every event from it on, and the chain head, so that the chain alone verifies again.
 */
export async function rewriteHistory(db: Db, engine: 'sqlite' | 'postgres', seq: number, reason: string): Promise<void> {
  await sql.raw(engine === 'sqlite' ? 'DROP TRIGGER IF EXISTS events_no_update' : 'DROP TRIGGER IF EXISTS events_append_only ON events').execute(db);
  await sql`UPDATE events SET reason = ${reason} WHERE seq = ${seq}`.execute(db);
  const rows = await db.selectFrom('events').selectAll().where('seq', '>=', seq).orderBy('seq').execute();
  let prevHash = (await db.selectFrom('events').select('hash').where('seq', '=', seq - 1).executeTakeFirstOrThrow()).hash;
  for (const r of rows) {
    const hash = sha256(chainTextOf({
      seq: Number(r.seq), entityType: r.entity_type, entityId: r.entity_id, action: r.action as never, actor: r.actor, source: r.source as never,
      reason: r.reason, requestId: r.request_id, occurredAt: r.occurred_at, prevHash,
    }, r.changes));
    await db.updateTable('events').set({ prev_hash: prevHash, hash }).where('seq', '=', r.seq).execute();
    prevHash = hash;
  }
  await db.updateTable('event_chain').set({ last_hash: prevHash }).where('id', '=', 1).execute();
}
