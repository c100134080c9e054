import { AppError } from '@custodia/contracts';
import type { Kysely } from 'kysely';
import { ATTACHMENT_OWNERS, type AttachmentOwnerKind, type AttachmentOwnerRef } from '@custodia/domain';
import type { Row, Tables } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { unitInScope } from '../shared/scope-sql.js';
import { loadAssetRow } from '../assets/load-asset.js';
import { loadRunRow } from '../audits/audit-records.js';

/** The column of `attachments` naming each kind of owner (a foreign key to its table). */
export const OWNER_COLUMN = {
  asset: 'asset_id', person: 'person_id', supplier: 'supplier_id', audit_run: 'audit_run_id',
} as const satisfies Record<AttachmentOwnerKind, keyof Row<'attachments'>>;

export interface LoadedOwner extends AttachmentOwnerRef { label: string }

/**
 * The record a file is kept with, inside the caller's scope: an asset or a person by their org unit, an audit run by
 * its plan's; suppliers belong to the whole organisation. Outside the scope it answers as a missing record (404).
 */
export async function loadAttachmentOwner(db: Kysely<Tables>, ctx: Context, owner: AttachmentOwnerRef): Promise<LoadedOwner> {
  switch (owner.kind) {
    case 'asset':
      return { ...owner, label: (await loadAssetRow(db, owner.id, ctx.access.scope)).tag };
    case 'audit_run': {
      const run = await loadRunRow(db, ctx, owner.id);
      return { ...owner, label: `${run.plan_name}, run of ${localDateOf(ctx, run.started_at)}` };
    }
    case 'person': {
      const person = await db.selectFrom('people').select(['name']).where('id', '=', owner.id)
        .where((eb) => unitInScope(eb, 'people.org_unit_id', ctx.access.scope)).executeTakeFirst();
      if (person) return { ...owner, label: person.name };
      break;
    }
    case 'supplier': {
      const supplier = await db.selectFrom('suppliers').select(['name']).where('id', '=', owner.id).executeTakeFirst();
      if (supplier) return { ...owner, label: supplier.name };
      break;
    }
  }
  const exists = owner.kind === 'person' && ctx.access.scope.kind !== 'all' && (await db.selectFrom('people').select('id').where('id', '=', owner.id).executeTakeFirst());
  throw new AppError('NOT_FOUND', `No ${ATTACHMENT_OWNERS[owner.kind].noun} with id ${owner.id}`, exists ? { securityNote: 'person outside the caller\'s scope' } : {});
}

/** The owner an attachment row names; its id is null once that record was deleted. */
export function ownerOfRow(row: Pick<Row<'attachments'>, 'owner_kind' | 'asset_id' | 'person_id' | 'supplier_id' | 'audit_run_id'>): { kind: AttachmentOwnerKind; id: string | null } {
  const kind = (row.owner_kind in OWNER_COLUMN ? row.owner_kind : 'asset') as AttachmentOwnerKind;
  return { kind, id: row[OWNER_COLUMN[kind]] };
}

/**
 * Files kept with a record are evidence: they are deleted one by one, each with its reason, before the record goes.
 * Refuses (with `code`) while live attachments remain, naming a few.
 */
export async function assertNoLiveAttachments(db: Kysely<Tables>, owner: AttachmentOwnerRef, code: 'ASSET_HAS_ATTACHMENTS' | 'RECORD_HAS_ATTACHMENTS'): Promise<void> {
  const attached = await db.selectFrom('attachments').select('file_name').where(OWNER_COLUMN[owner.kind], '=', owner.id).where('deleted_at', 'is', null).limit(3).execute();
  if (attached.length) {
    throw new AppError(code, `The ${ATTACHMENT_OWNERS[owner.kind].noun} still has attachments (${attached.map((a) => a.file_name).join(', ')}${attached.length === 3 ? ', …' : ''}); delete them first`);
  }
}
