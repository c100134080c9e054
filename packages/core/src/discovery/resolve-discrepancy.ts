import { AppError } from '@custodia/contracts';
import type { DiscrepancyResolve } from '@custodia/contracts';
import type { z } from 'zod';
import { RESOLUTIONS, identityOf, isAuditKind, resolutionsForDiscrepancy, todayAnywhere } from '@custodia/domain';
import type { DiscrepancyKind, Resolution } from '@custodia/domain';
import type { EventInput } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { assertVersion, runChange, versionConflict } from '../shared/change.js';
import { loadAssetRow } from '../assets/load-asset.js';
import { applyTransition } from '../assets/apply-transition.js';
import { applyAssetUpdate } from '../assets/update-asset.js';
import { registerFoundTag } from '../audits/register-found-tag.js';
import { readDiscoverySettings } from './discovery-settings.js';
import { knownSnapshot } from './device-store.js';
import { presentDiscrepancy, loadDiscrepancyRow } from './discrepancies.js';
import { registerDiscoveredDevice } from './register-device.js';
import { readValue } from './discrepancy-store.js';
import { linkDevice, unlinkedDeviceOf } from './link-device.js';
import { assertCorrectedSince } from './corrected-since.js';

type Resolve = z.infer<typeof DiscrepancyResolve>;

const NOTE_REQUIRED = new Set<Resolution>(RESOLUTIONS.filter((r) => r.requires.includes('note')).map((r) => r.key));

/**
 * Resolves one open discrepancy with one of the resolutions its kind allows and its content can act on, as one change
 * with history: the register change it implies (link, new asset, accepted value, lifecycle transition) and the
 * discrepancy's own closing. The discrepancy and the asset it is about must both be within the caller's scope.
 * `corrected` changes nothing: a person corrected the asset beforehand, which its history must show (otherwise 409
 * NOTHING_CORRECTED).
 */
export async function resolveDiscrepancy(ctx: Context, id: string, expectedVersion: number, input: Resolve) {
  // Values a person takes over from what was seen (a new asset, an accepted value) are recorded as set by whoever saw
  // them: discovery (which then keeps the fields it owns up to date) or the audit. A person's own decisions are the
  // person's. The kind of a discrepancy never changes, so it is read ahead of the change.
  const kind = (await ctx.database.db.selectFrom('discrepancies').select('kind').where('id', '=', id).executeTakeFirst())?.kind as DiscrepancyKind | undefined;
  const takesOver = input.resolution === 'register_asset' || input.resolution === 'accept_discovered';
  const changeCtx: Context = takesOver && kind ? { ...ctx, fieldSource: isAuditKind(kind) ? 'audit' : 'discovery' } : ctx;
  return runChange(changeCtx, input.note ?? null, async (tx, now) => {
    const row = await loadDiscrepancyRow(tx, ctx, id);
    assertVersion('discrepancy', Number(row.version), expectedVersion);
    if (row.status !== 'open') throw new AppError('DISCREPANCY_NOT_OPEN', `This discrepancy is already ${row.status}`);
    const allowed = resolutionsForDiscrepancy({ kind: row.kind as DiscrepancyKind, assetId: row.asset_id, deviceId: row.device_id, field: row.field });
    if (!allowed.includes(input.resolution)) {
      throw new AppError('VALIDATION_FAILED', `This ${row.kind.replace(/_/g, ' ')} discrepancy cannot be resolved with ${input.resolution}`, { errors: [{ field: 'resolution', code: 'RESOLUTION_NOT_ALLOWED', message: `Use one of: ${allowed.join(', ')}` }] });
    }
    if (NOTE_REQUIRED.has(input.resolution) && !input.note) {
      throw input.resolution === 'corrected'
        ? new AppError('VALIDATION_FAILED', 'Say what was changed', { errors: [{ field: 'note', code: 'REQUIRED', message: 'Say what you changed in the register' }] })
        : new AppError('VALIDATION_FAILED', 'Say why', { errors: [{ field: 'note', code: 'REQUIRED', message: 'A reason is required for this resolution' }] });
    }
    // Whatever the resolution, the asset it is about must be the caller's to decide on (404 as for the asset itself).
    const subject = row.asset_id ? await loadAssetRow(tx, row.asset_id, ctx.access.scope) : null;
    const events: EventInput[] = [];
    let assetId = row.asset_id;
    switch (input.resolution) {
      case 'link_asset': {
        if (!input.assetId) throw new AppError('VALIDATION_FAILED', 'Choose the asset', { errors: [{ field: 'assetId', code: 'REQUIRED', message: 'The asset this device is' }] });
        const device = await unlinkedDeviceOf(tx, ctx, row.device_id);
        await loadAssetRow(tx, input.assetId, ctx.access.scope);
        events.push(...await linkDevice(tx, device.id, input.assetId, row.dedupe_key, ctx.actor, now));
        assetId = input.assetId;
        break;
      }
      case 'register_asset': {
        if (row.kind === 'audit_unexpected') {
          const created = await registerFoundTag(ctx, tx, row, input, now);
          events.push(...created.events);
          assetId = created.assetId;
          break;
        }
        const device = await unlinkedDeviceOf(tx, ctx, row.device_id);
        const snapshot = await knownSnapshot(tx, device);
        const created = await registerDiscoveredDevice(ctx, tx, snapshot, identityOf(snapshot), await readDiscoverySettings(tx), device.org_unit_id, now, { assetTypeId: input.assetTypeId, stage: input.stage });
        events.push(...created.events, ...await linkDevice(tx, device.id, created.assetId, row.dedupe_key, ctx.actor, now));
        assetId = created.assetId;
        break;
      }
      case 'accept_discovered': {
        if (!row.asset_id || !row.field) throw new AppError('CONFLICT', 'This discrepancy has no asset field to change');
        const asset = await loadAssetRow(tx, row.asset_id, ctx.access.scope);
        const value = readValue(row.discovered_value);
        // Attributes merge: naming the one accepted leaves the others as they are.
        const patch = row.field.startsWith('attributes.') ? { attributes: { [row.field.slice(11)]: value } } : { [row.field]: value };
        // The accepted value now comes from discovery, which keeps it up to date when it owns the field.
        const update = await applyAssetUpdate({ ...ctx, access: { ...ctx.access, sensitive: true } }, tx, row.asset_id, Number(asset.version), patch as never, now);
        events.push(...update.events);
        break;
      }
      case 'keep_register': {
        if (row.asset_id && row.field) {
          // Confirmed by a person: discovery will not touch it, and the same discovered value is not queued again.
          await tx.insertInto('asset_field_sources').values({ asset_id: row.asset_id, field: row.field, source: 'person', actor: ctx.actor, changed_at: now })
            .onConflict((oc) => oc.columns(['asset_id', 'field']).doUpdateSet({ source: 'person', actor: ctx.actor, changed_at: now })).execute();
        }
        break;
      }
      case 'mark_missing': {
        if (!row.asset_id) throw new AppError('CONFLICT', 'This discrepancy has no asset');
        const asset = await loadAssetRow(tx, row.asset_id, ctx.access.scope);
        const transition = input.transition ?? 'report_missing';
        const evidence = input.evidence ?? { noticed_on: localDateOf(ctx, now) };
        const result = await applyTransition(ctx, tx, row.asset_id, Number(asset.version), transition, evidence, now);
        events.push(...result.events);
        break;
      }
      case 'ignore_until': {
        if (!input.ignoreUntil) throw new AppError('VALIDATION_FAILED', 'Choose the date', { errors: [{ field: 'ignoreUntil', code: 'REQUIRED', message: 'Until when to ignore it' }] });
        // After today where the person is (see todayAnywhere); the discrepancy comes back once the organisation's date passes it.
        if (input.ignoreUntil <= todayAnywhere(new Date(now)).earliest) throw new AppError('VALIDATION_FAILED', 'The date must be in the future', { errors: [{ field: 'ignoreUntil', code: 'NOT_IN_FUTURE', message: 'Choose a later date' }] });
        break;
      }
      case 'corrected': {
        // Made through the asset's own use cases, each with its history: this records that it was done, and checks it.
        if (subject) await assertCorrectedSince(tx, { id: row.id, created_at: String(row.created_at) }, { id: subject.id, tag: subject.tag });
        break;
      }
      case 'dismiss':
        break;
    }
    const status = input.resolution === 'ignore_until' ? 'ignored' : 'resolved';
    const values = {
      status, resolution: input.resolution, resolution_note: input.note ?? null, resolved_by: ctx.actor, resolved_at: now, ignore_until: input.ignoreUntil ?? null,
      asset_id: assetId, updated_at: now, version: Number(row.version) + 1,
    };
    // Guarded by the version read: two people resolving the same discrepancy at once, one of them gets 412.
    const updated = await tx.updateTable('discrepancies').set(values).where('id', '=', id).where('version', '=', Number(row.version)).executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) await versionConflict(tx, 'discrepancies', 'discrepancy', id, Number(row.version));
    events.push({ entityType: 'discrepancy', entityId: id, action: 'resolve', changes: { status: { before: 'open', after: status }, resolution: { before: null, after: input.resolution }, ...(assetId !== row.asset_id ? { assetId: { before: row.asset_id, after: assetId } } : {}) } });
    return { result: presentDiscrepancy({ ...row, ...values }), events };
  });
}
