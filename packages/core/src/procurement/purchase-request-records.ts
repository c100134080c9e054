import type { Kysely } from 'kysely';
import { AppError, type PurchaseRequest } from '@custodia/contracts';
import { type PurchaseRequestActionKey, type PurchaseRequestStatus, PURCHASE_REQUEST_ACTIONS, SCOPE_ALL, actionsFrom, estimatedTotalMinor, inScope, scopeOf } from '@custodia/domain';
import type { Row, Tables } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { unitInScope } from '../shared/scope-sql.js';

type Db = Kysely<Tables>;

/**
 * Reading and presenting purchase requests. A request lies in the org unit that pays for it: a caller whose grant
 * covers some org units sees the requests of those units and below; anything else answers 404 like a missing record.
 */

export type RequestRow = Row<'purchase_requests'> & { unit_path: string };

export async function loadRequestRow(db: Db, ctx: Context, id: string): Promise<RequestRow> {
  const row = await db.selectFrom('purchase_requests').innerJoin('org_units', 'org_units.id', 'purchase_requests.org_unit_id')
    .selectAll('purchase_requests').select('org_units.path as unit_path').where('purchase_requests.id', '=', id)
    .where((eb) => unitInScope(eb, 'purchase_requests.org_unit_id', ctx.access.scope)).executeTakeFirst();
  if (row) return row;
  const exists = ctx.access.scope.kind !== 'all' && (await db.selectFrom('purchase_requests').select('id').where('id', '=', id).executeTakeFirst());
  throw new AppError('NOT_FOUND', `No purchase request with id ${id}`, exists ? { securityNote: 'purchase request outside the caller\'s scope' } : {});
}

/**
 * What the caller may do with the request now: the actions its status allows, the requester's to its requester (with
 * `procurement.request` on the request's unit), the approver's to anyone else holding `procurement.approve` there.
 * The operator's CLI (no grants) may take the approver's.
 */
export function callerActions(ctx: Context, row: { status: string; requester_account_id: string; unit_path: string }): PurchaseRequestActionKey[] {
  const grants = ctx.access.grants;
  const holds = (permission: 'procurement.request' | 'procurement.approve') => (grants === null ? SCOPE_ALL : scopeOf(grants, permission));
  const own = ctx.access.accountId === row.requester_account_id;
  return actionsFrom(row.status as PurchaseRequestStatus).filter((a) => {
    if (PURCHASE_REQUEST_ACTIONS[a].by === 'requester') return own && inScope(holds('procurement.request'), row.unit_path);
    return !own && inScope(holds('procurement.approve'), row.unit_path);
  });
}

/** The rows' names (units, accounts, people, models, suppliers) and ordered assets, read once for a page. */
export async function presentRequests(db: Db, ctx: Context, rows: RequestRow[]): Promise<PurchaseRequest[]> {
  if (!rows.length) return [];
  const ids = <K extends keyof RequestRow>(k: K) => [...new Set(rows.map((r) => r[k]).filter((v): v is NonNullable<RequestRow[K]> => v !== null))] as string[];
  const names = async (table: 'org_units' | 'people' | 'catalogue_models' | 'suppliers', list: string[]) =>
    new Map(list.length ? (await db.selectFrom(table).select(['id', 'name']).where('id', 'in', list).execute()).map((r) => [r.id, r.name]) : []);
  const accountIds = [...new Set([...ids('requester_account_id'), ...ids('decided_by_account_id')])];
  const [units, people, models, suppliers, accounts, links] = await Promise.all([
    names('org_units', ids('org_unit_id')), names('people', ids('for_person_id')), names('catalogue_models', ids('model_id')), names('suppliers', ids('supplier_id')),
    db.selectFrom('accounts').select(['id', 'display_name']).where('id', 'in', accountIds).execute().then((r) => new Map(r.map((a) => [a.id, a.display_name]))),
    db.selectFrom('purchase_request_assets').innerJoin('assets', 'assets.id', 'purchase_request_assets.asset_id')
      .select(['purchase_request_assets.request_id', 'assets.id', 'assets.tag']).where('purchase_request_assets.request_id', 'in', rows.map((r) => r.id))
      .orderBy('assets.tag').execute(),
  ]);
  const named = (map: Map<string, string>, id: string | null) => (id === null ? null : { id, name: map.get(id) ?? '' });
  return rows.map((r) => {
    const unitCost = r.unit_cost_minor === null ? null : Number(r.unit_cost_minor);
    return {
      id: r.id, status: r.status as PurchaseRequestStatus, orgUnit: named(units, r.org_unit_id)!, requester: named(accounts, r.requester_account_id)!,
      forPerson: named(people, r.for_person_id), model: named(models, r.model_id), description: r.description, quantity: Number(r.quantity),
      unitCostMinor: unitCost, currency: r.currency, estimatedTotalMinor: estimatedTotalMinor(unitCost, Number(r.quantity)), justification: r.justification,
      neededBy: r.needed_by, supplier: named(suppliers, r.supplier_id), submittedAt: r.submitted_at, decidedBy: named(accounts, r.decided_by_account_id),
      decidedAt: r.decided_at, decisionNote: r.decision_note, orderReference: r.order_reference, orderedAt: r.ordered_at,
      assets: links.filter((l) => l.request_id === r.id).map((l) => ({ id: l.id, tag: l.tag })),
      actions: callerActions(ctx, r), version: Number(r.version), createdAt: r.created_at, updatedAt: r.updated_at,
    };
  });
}

export async function presentRequest(db: Db, ctx: Context, row: RequestRow): Promise<PurchaseRequest> {
  return (await presentRequests(db, ctx, [row]))[0]!;
}

/** The fields a history event records: what was asked for, by whom, and its decision and order. */
export function auditedRequest(r: Row<'purchase_requests'>): Record<string, unknown> {
  return {
    status: r.status, orgUnitId: r.org_unit_id, requesterAccountId: r.requester_account_id, forPersonId: r.for_person_id, modelId: r.model_id, description: r.description,
    quantity: Number(r.quantity), unitCostMinor: r.unit_cost_minor === null ? null : Number(r.unit_cost_minor), currency: r.currency, justification: r.justification,
    neededBy: r.needed_by, supplierId: r.supplier_id, decidedByAccountId: r.decided_by_account_id, decisionNote: r.decision_note, orderReference: r.order_reference,
  };
}
