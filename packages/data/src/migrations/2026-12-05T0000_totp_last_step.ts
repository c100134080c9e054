import type { Kysely } from 'kysely';

/**
 * The time step of the last TOTP code an account used (Unix time / 30 s). RFC 6238 §5.2: a code accepted once must
 * not be accepted again, so a code seen over someone's shoulder, or sent twice at once, opens one sign-in only. A code
 * is accepted only for a later step than this one, claimed by a conditional UPDATE (one of concurrent claims wins).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').addColumn('totp_last_step', 'integer').execute();
}
