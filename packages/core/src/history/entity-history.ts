import { AppError } from '@custodia/contracts';
import { readStoredChanges } from '@custodia/domain';
import type { Context } from '../shared/context.js';
import { unitInScope } from '../shared/scope-sql.js';
import { reveal } from '../assets/sensitive.js';

/** Which column places each scoped entity in an org unit; other entities (shared reference data) are not scoped. */
const SCOPED: Record<string, { table: 'assets' | 'people' | 'org_units' | 'purchase_requests'; column: string }> = {
  asset: { table: 'assets', column: 'owner_org_unit_id' }, person: { table: 'people', column: 'org_unit_id' }, org_unit: { table: 'org_units', column: 'id' },
  purchase_request: { table: 'purchase_requests', column: 'org_unit_id' },
};
import { decodeIntegerCursor, encodeCursor } from '../shared/pagination.js';

/** An entity's history, newest first, paginated by sequence number. */
export async function entityHistory(ctx: Context, entityType: string, entityId: string, query: { limit: number; cursor?: string | undefined }) {
  // A record outside the caller's scope has no history for them; deleted records' history is for organisation-wide readers.
  const scoped = SCOPED[entityType];
  const scope = ctx.access.scope;
  if (scoped && scope.kind !== 'all') {
    const visible = await ctx.database.db.selectFrom(scoped.table).select('id').where('id', '=', entityId).where((eb) => unitInScope(eb, `${scoped.table}.${scoped.column}`, scope)).executeTakeFirst();
    if (!visible) throw new AppError('NOT_FOUND', `No ${entityType.replace('_', ' ')} with id ${entityId}`, { securityNote: `history of a ${entityType} outside the caller's scope` });
  }
  let q = ctx.database.db.selectFrom('events').selectAll().where('entity_type', '=', entityType).where('entity_id', '=', entityId).orderBy('seq', 'desc').limit(query.limit + 1);
  if (query.cursor) q = q.where('seq', '<', decodeIntegerCursor(query.cursor));
  const rows = await q.execute();
  const names = await actorNames(ctx, rows.slice(0, query.limit).map((r) => r.actor));
  const items = rows.slice(0, query.limit).map((r) => ({
    seq: Number(r.seq), entityType: r.entity_type, entityId: r.entity_id, action: r.action, actor: r.actor, actorName: names.get(r.actor) ?? null, source: r.source, reason: r.reason,
    requestId: r.request_id, occurredAt: r.occurred_at, changes: reveal(ctx, readStoredChanges(r.changes)), hash: r.hash,
  }));
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ v: last.seq, id: String(last.seq) }) : null };
}

/**
 * How people name the actors of some events: an account (actor = its login, which may be an e-mail address) by its
 * display name, an agent (actor `agent:<token id>`) by its token's name. Other actors (`cli:<user>`, an agent's address)
 * match no account and have none; `system` and `anonymous` are never looked up.
 */
async function actorNames(ctx: Context, actors: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(actors)];
  const agents = unique.filter((a) => a.startsWith('agent:')).map((a) => a.slice(6));
  const logins = unique.filter((a) => !a.startsWith('agent:') && a !== 'system' && a !== 'anonymous');
  const names = new Map<string, string>();
  if (logins.length) for (const a of await ctx.database.db.selectFrom('accounts').select(['login', 'display_name']).where('login', 'in', logins).execute()) names.set(a.login, a.display_name);
  if (agents.length) for (const t of await ctx.database.db.selectFrom('agent_tokens').select(['id', 'name']).where('id', 'in', agents).execute()) names.set(`agent:${t.id}`, `Agent token "${t.name}"`);
  return names;
}
