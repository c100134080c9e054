import { deflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { AppError, type AssetUpdate, type DiscoverySettings } from '@custodia/contracts';
import {
  DESCRIBING_SOURCES, type DeviceIdentity, type FieldDefinition, type InventorySnapshot, type ReconcileDecision, type Scope, SCOPE_ALL, buildRegisterIndex,
  decideField, diffSoftware, effectiveCollectedAt, findDeniedSoftware, identityOf, inScope, mergeSnapshot, normaliseMac, reconcile, serialKey,
} from '@custodia/domain';
import { type EventInput, type SoftwareList, newId, readJson, softwareListOf } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { localDateOf } from '../shared/today.js';
import { type Tx, runChange } from '../shared/change.js';
import { loadAssetType } from '../lifecycle/asset-types.js';
import { loadAssetRow } from '../assets/load-asset.js';
import { presentAsset } from '../assets/present-asset.js';
import { applyAssetUpdate } from '../assets/update-asset.js';
import { openAttributes } from '../assets/sensitive.js';
import { readDiscoverySettings } from './discovery-settings.js';
import { type DeviceRow, deviceColumns, knownSnapshot, replaceDeviceMacs, replaceDeviceSoftware } from './device-store.js';
import { candidateAssets, candidateDevices } from './register-candidates.js';
import { findDevice } from './find-device.js';
import { lockDeviceIdentifiers } from './identity-locks.js';
import { raiseDiscrepancy, settleLinkedDevice, settleSeen } from './discrepancy-store.js';
import { discoveredFields, fieldValue } from './discovered-fields.js';
import { registerDiscoveredDevice } from './register-device.js';
import { readFieldSources } from './field-sources.js';
import { loadModel } from '../lifecycle/model-store.js';
import { type NetworkPlaces, networkPlaces } from '../reference/location-networks.js';
import { checkReportedLocation } from './location-check.js';

export interface InventoryReceipt {
  snapshot: InventorySnapshot;
  format: string;
  /** The bytes as received (kept compressed as evidence). */
  payload: Buffer;
  /** The snapshot's software list, sorted and hashed, when the parser already prepared it (in a worker thread). */
  software?: SoftwareList;
  agentTokenId: string | null;
  /** The org unit of the agent token: devices it reports belong there, and it cannot reach devices elsewhere. */
  orgUnitId: string | null;
  remoteAddress: string | null;
  /**
   * The device a person named as the inventory's subject (an SBOM upload): the inventory is taken as that device's,
   * and what it names (an SBOM's subject is often an application, not a host) identifies nothing.
   */
  deviceId?: string;
}

export type IngestOutcome = 'created' | 'linked' | 'updated' | 'queued' | 'rejected' | 'stale' | 'partial_unknown' | 'ambiguous';

export interface IngestResult { deviceId: string | null; assetId: string | null; outcome: IngestOutcome; decision: string; hostname: string | null }

const isCompressed = (b: Buffer) => b.length > 1 && ((b[0] === 0x78 && ((b[0]! << 8) | b[1]!) % 31 === 0) || (b[0] === 0x1f && b[1] === 0x8b));

/**
 * Takes one inventory into the register, in one transaction: finds the device it describes (agent device id, then the
 * reconciliation rules over known devices), merges a partial inventory into what is known, decides which asset it is
 * (link, create, or queue for review — never a merge on a name alone when identifiers disagree), applies the fields
 * discovery may set under field authority (the rest become discrepancies), keeps the software inventory and the raw
 * inventory as evidence. An inventory older than what is known only counts as a sighting.
 */
export async function ingestInventory(ctx: Context, receipt: InventoryReceipt, settingsIn?: DiscoverySettings): Promise<IngestResult> {
  const settings = settingsIn ?? (await readDiscoverySettings(ctx.database.db));
  const scope = await tokenScopeOf(ctx, receipt.orgUnitId);
  const places = await networkPlaces(ctx.database);
  return runChange<IngestResult>(ctx, null, async (tx, now) => {
    await lockDeviceIdentifiers(tx, [identityOf(receipt.snapshot)]);
    return applyInventory(ctx, tx, receipt, settings, scope, places, now);
  });
}

/** Where an agent token reaches: its org unit's subtree, or everywhere for a token bound to none. */
export async function tokenScopeOf(ctx: Context, orgUnitId: string | null): Promise<Scope> {
  if (!orgUnitId) return SCOPE_ALL;
  const path = (await ctx.database.db.selectFrom('org_units').select('path').where('id', '=', orgUnitId).executeTakeFirst())?.path;
  return path ? { kind: 'units', paths: [path] } : { kind: 'none' };
}

/**
 * One inventory inside the caller's transaction: the result, the history events to append with it, and the time the
 * asset fields it sets count as set (its collection time, so that the next inventory's collection time is compared
 * with a collection time). The caller has locked its identifiers (`lockDeviceIdentifiers`) at the transaction's start,
 * and read the locations' network ranges (`networkPlaces`) before it.
 */
export async function applyInventory(ctx: Context, tx: Tx, receipt: InventoryReceipt, settings: DiscoverySettings, tokenScope: Scope, places: NetworkPlaces, now: string): Promise<{ result: IngestResult; events: EventInput[]; fieldSourcesAt: string }> {
  const clock = effectiveCollectedAt(receipt.snapshot.collectedAt, new Date(now));
  const events: EventInput[] = [];
  const incoming = receipt.deviceId ? { ...receipt.snapshot, identity: NO_IDENTITY } : receipt.snapshot;
  const reportedIdentity = identityOf(incoming);
  const devices = await candidateDevices(tx, reportedIdentity);
  const match = receipt.deviceId ? { device: await namedDevice(tx, receipt.deviceId), ambiguous: null } : findDevice(reportedIdentity, incoming, devices, settings);
  let device = match.device;
  if (device) await assertReachable(tx, device.org_unit_id, device.asset_id, tokenScope);
  const answer = (result: IngestResult) => ({ result, events, fieldSourcesAt: clock.at });

  const evidence = async (deviceId: string | null, outcome: string) => {
    const payload = isCompressed(receipt.payload) ? receipt.payload : deflateSync(receipt.payload);
    await tx.insertInto('inventory_snapshots').values({
      id: newId(), device_id: deviceId, received_at: now, collected_at: clock.at, claimed_collected_at: incoming.collectedAt, source: incoming.source, format: receipt.format,
      partial: incoming.partial ? 1 : 0, outcome, anomaly: clock.anomaly, payload, size_bytes: receipt.payload.length,
      sha256: createHash('sha256').update(receipt.payload).digest('hex'), agent_token_id: receipt.agentTokenId, remote_address: receipt.remoteAddress,
    }).execute();
  };

  if (match.ambiguous) {
    // It could describe either of several devices: merging it into one could give that machine the other's data.
    await evidence(null, 'ambiguous');
    return answer({ deviceId: null, assetId: null, outcome: 'ambiguous', decision: match.ambiguous, hostname: reportedIdentity.hostname });
  }
  if (incoming.partial && !device && !DESCRIBING_SOURCES.includes(incoming.source)) {
    // An agent's partial inventory (changed sections only) cannot describe a device we do not know: it is kept as
    // evidence and nothing is created. A discovery feed row or an SBOM is partial too, but describes a device.
    await evidence(null, 'partial_unknown');
    return answer({ deviceId: null, assetId: null, outcome: 'partial_unknown', decision: 'A partial inventory of an unknown device creates nothing', hostname: reportedIdentity.hostname });
  }
  if (device && device.collected_at && clock.at < device.collected_at) {
    // Replay or late delivery: it proves the device was seen, but never overwrites newer data.
    await tx.updateTable('discovered_devices').set({ last_seen_at: now }).where('id', '=', device.id).execute();
    await evidence(device.id, 'stale');
    // Late, but still a sign of life: the asset is no longer "not seen".
    if (device.asset_id) events.push(...await settleSeen(tx, device.asset_id, seenNote(incoming.source, localDateOf(ctx, now)), ctx.actor, now));
    return answer({ deviceId: device.id, assetId: device.asset_id, outcome: 'stale', decision: 'Older than the data already held: recorded as a sighting only', hostname: device.hostname });
  }

  const snapshot = device && incoming.partial ? mergeSnapshot(await knownSnapshot(tx, device), incoming) : incoming;
  const identity = snapshot === incoming ? reportedIdentity : identityOf(snapshot);
  const columns = deviceColumns(snapshot, identity);
  const isNew = !device;
  if (!device) {
    const id = newId();
    const row = { id, asset_id: null, org_unit_id: receipt.orgUnitId, status: 'active', agent_token_id: receipt.agentTokenId, ...columns, collected_at: clock.at, first_seen_at: now, last_seen_at: now, version: 1, created_at: now, updated_at: now };
    await tx.insertInto('discovered_devices').values(row).execute();
    device = { ...row, memory_mb: row.memory_mb } as DeviceRow;
    events.push({ entityType: 'device', entityId: id, action: 'discover', changes: { hostname: { before: null, after: identity.hostname }, source: { before: null, after: incoming.source }, identity: { before: null, after: { serial: identity.serial, uuid: identity.uuid, macs: identity.macs } } } });
  } else {
    await tx.updateTable('discovered_devices').set({ ...columns, agent_token_id: receipt.agentTokenId ?? device.agent_token_id, collected_at: clock.at, last_seen_at: now, updated_at: now, version: Number(device.version) + 1 })
      .where('id', '=', device.id).execute();
  }
  const deviceId = device.id;
  await replaceDeviceMacs(tx, deviceId, identity.macs, isNew ? null : readJson<string[]>(device.macs, []));
  if (snapshot.sections.includes('software') || isNew) {
    const list = snapshot === incoming && receipt.software ? receipt.software : softwareListOf(snapshot.software);
    const sw = await replaceDeviceSoftware(tx, deviceId, list, now, isNew);
    if (sw.changed && !isNew) {
      const d = diffSoftware(sw.before, snapshot.software);
      const label = (s: { name: string; version: string | null }) => `${s.name} ${s.version ?? ''}`.trim();
      events.push({ entityType: 'device', entityId: deviceId, action: 'update', changes: { software: { before: { count: sw.before.length }, after: {
        count: snapshot.software.length, added: d.added.slice(0, 50).map(label), removed: d.removed.slice(0, 50).map(label),
        changed: d.changed.slice(0, 50).map((c) => `${c.name} ${c.from ?? '?'} → ${c.to ?? '?'}`),
      } } } });
    }
  }
  await evidence(deviceId, 'applied');

  // Which asset is it?
  let assetId = device.asset_id;
  let outcome: IngestOutcome = 'updated';
  let decisionText = 'Known device';
  if (assetId && !(await tx.selectFrom('assets').select('id').where('id', '=', assetId).executeTakeFirst())) assetId = null;
  if (!assetId) {
    const records = await candidateAssets(tx, identity, [device, ...devices.filter((d) => d.id !== deviceId)]);
    const ruled: ReconcileDecision = reconcile(identity, buildRegisterIndex(records), settings.rules);
    const decision: ReconcileDecision = ruled.action === 'create' && settings.whenNoMatch === 'review'
      ? { ...ruled, action: 'review', reason: 'No registered asset matches: queued as discovered but not registered' }
      : ruled;
    decisionText = decision.reason;
    if (decision.action === 'link' && decision.assetId) {
      await assertReachable(tx, null, decision.assetId, tokenScope);
      assetId = decision.assetId;
      outcome = 'linked';
      await tx.updateTable('discovered_devices').set({ asset_id: assetId }).where('id', '=', deviceId).execute();
      events.push({ entityType: 'device', entityId: deviceId, action: 'link', changes: { assetId: { before: null, after: assetId }, rule: { before: null, after: decision.ruleKey } } });
    } else if (decision.action === 'create') {
      const created = await registerDiscoveredDevice(ctx, tx, snapshot, identity, settings, receipt.orgUnitId, now);
      assetId = created.assetId;
      events.push(...created.events);
      outcome = 'created';
      await tx.updateTable('discovered_devices').set({ asset_id: assetId }).where('id', '=', deviceId).execute();
      events.push({ entityType: 'device', entityId: deviceId, action: 'link', changes: { assetId: { before: null, after: assetId }, rule: { before: null, after: decision.ruleKey } } });
    } else if (decision.action === 'review') {
      outcome = 'queued';
      const duplicate = decision.candidates.length > 0;
      events.push(...await raiseDiscrepancy(tx, {
        kind: duplicate ? 'duplicate_candidate' : 'unregistered', dedupeKey: `${duplicate ? 'duplicate_candidate' : 'unregistered'}:device:${deviceId}`,
        assetId: duplicate ? decision.candidates[0]! : null, deviceId, orgUnitId: duplicate ? await ownerOf(tx, decision.candidates[0]!, receipt.orgUnitId) : receipt.orgUnitId,
        evidence: { reason: decision.reason, rule: decision.ruleKey, candidates: decision.candidates, identity: { serial: identity.serial, uuid: identity.uuid, macs: identity.macs, hostname: identity.hostname } },
        summary: duplicate ? `${identity.hostname ?? 'A device'} may be ${decision.candidates.length > 1 ? 'one of several assets' : 'an asset already registered'}: ${decision.reason}` : `${identity.hostname ?? 'A device'} was discovered but is not registered`,
      }, now, localDateOf(ctx, now)));
    } else {
      outcome = 'rejected';
      decisionText = decision.reason;
    }
  }

  if (assetId) {
    // Linked now (or already): the asset reports, and the device is no longer unregistered or a possible duplicate.
    events.push(...await settleSeen(tx, assetId, seenNote(incoming.source, localDateOf(ctx, now)), ctx.actor, now));
    if (outcome === 'linked' || outcome === 'created') events.push(...await settleLinkedDevice(tx, deviceId, `Linked by discovery: ${decisionText}`, ctx.actor, now));
  }
  if (assetId && outcome !== 'created') events.push(...await applyDiscoveredFields(ctx, tx, assetId, deviceId, snapshot, identity, settings, clock.at, now));
  // Where it reports from against where the register places it: queued, never applied (a person's location wins).
  if (assetId) events.push(...await checkReportedLocation(ctx, tx, places, { assetId, deviceId, snapshot, collectedAt: clock.at }, now));
  const denied = findDeniedSoftware(snapshot.software, settings.denyList);
  // A finding about an asset is filed under the org unit that owns it, so the people who look after it see it.
  const findingsUnit = denied.length && assetId ? await ownerOf(tx, assetId, receipt.orgUnitId) : receipt.orgUnitId;
  for (const hit of denied) {
    events.push(...await raiseDiscrepancy(tx, {
      kind: 'unauthorised_software', dedupeKey: `unauthorised_software:${deviceId}:${hit.item.name.toLowerCase()}`, assetId, deviceId, orgUnitId: findingsUnit,
      field: 'software', discoveredValue: { name: hit.item.name, version: hit.item.version, publisher: hit.item.publisher },
      evidence: { rule: hit.rule.name, reason: hit.rule.reason }, summary: `${hit.item.name} ${hit.item.version ?? ''} on ${identity.hostname ?? 'a device'} is on the deny list: ${hit.rule.reason}`.replace(/\s+/g, ' '),
    }, now, localDateOf(ctx, now)));
  }
  return answer({ deviceId, assetId, outcome, decision: decisionText, hostname: identity.hostname });
}

const NO_IDENTITY: InventorySnapshot['identity'] = { serial: null, uuid: null, hostname: null, fqdn: null, manufacturer: null, model: null, agentDeviceId: null, virtualization: null };

async function namedDevice(tx: Tx, id: string): Promise<DeviceRow> {
  const row = await tx.selectFrom('discovered_devices').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No device with id ${id}`);
  return row;
}

const seenNote = (source: string, on: string) => `Reported again by discovery (${source}) on ${on}`;

/** The org unit owning an asset, or `fallback` when it has none (the agent token's unit, if any). */
async function ownerOf(tx: Tx, assetId: string, fallback: string | null): Promise<string | null> {
  const row = await tx.selectFrom('assets').select('owner_org_unit_id').where('id', '=', assetId).executeTakeFirst();
  return row?.owner_org_unit_id ?? fallback;
}

/** An agent token bound to an org unit reaches only devices and assets there: no merge across tenants. */
async function assertReachable(tx: Tx, deviceUnit: string | null, assetId: string | null, s: Scope): Promise<void> {
  if (s.kind === 'all') return;
  const units = [deviceUnit];
  if (assetId) units.push((await tx.selectFrom('assets').select('owner_org_unit_id').where('id', '=', assetId).executeTakeFirst())?.owner_org_unit_id ?? null);
  for (const unit of units) {
    const path = unit ? (await tx.selectFrom('org_units').select('path').where('id', '=', unit).executeTakeFirst())?.path ?? null : null;
    if (!inScope(s, path)) {
      throw new AppError('CONFLICT', 'This device belongs to another part of the organisation than this agent token', { securityNote: `agent token reported a device outside its org unit (asset ${assetId ?? '-'})` });
    }
  }
}

/** Values that are equal though spelled differently: serials by their key, MACs in any notation, host names in any case. */
const SAME_VALUE: Record<string, (a: unknown, b: unknown) => boolean> = {
  serial: (a, b) => serialKey(String(a)) === serialKey(String(b)),
  'attributes.mac_address': (a, b) => normaliseMac(String(a)) === normaliseMac(String(b)),
  'attributes.hostname': (a, b) => String(a).toLowerCase() === String(b).toLowerCase(),
};

/**
 * Field authority on a linked asset: discovery fills empty fields and keeps the fields it owns up to date; a value a
 * person, an import or an audit set is never overwritten — a difference becomes an attribute-mismatch discrepancy.
 */
async function applyDiscoveredFields(ctx: Context, tx: Tx, assetId: string, deviceId: string, s: InventorySnapshot, identity: DeviceIdentity, settings: DiscoverySettings, collectedAt: string, now: string): Promise<EventInput[]> {
  const today = localDateOf(ctx, now);
  const row = await loadAssetRow(tx, assetId, SCOPE_ALL);
  const type = await loadAssetType(tx, row.asset_type_id);
  const asset = presentAsset(row);
  const attributes = openAttributes(ctx.database.cipher, asset.attributes);
  const current = { ...asset, attributes };
  const sources = await readFieldSources(tx, assetId);
  const discovered = discoveredFields(s, identity, type.attributeSchema);
  const events: EventInput[] = [];
  // An asset held as missing, lost or stolen that reports is news for whoever looks after it (recovered, or online
  // in someone else's hands): queued with what the device said, once per host name it reports as.
  const stage = (await loadModel(tx, row.lifecycle_model_id)).definition.stages.find((st) => st.key === row.stage);
  if (stage && (stage.kind === 'missing' || stage.kind === 'lost')) {
    events.push(...await raiseDiscrepancy(tx, {
      kind: 'reported_again', dedupeKey: `reported_again:${assetId}`, assetId, deviceId, orgUnitId: asset.ownerOrgUnitId, field: null,
      registerValue: stage.name, discoveredValue: identity.hostname ?? 'reported',
      evidence: { source: s.source, agent: s.agent, collectedAt, hostname: identity.hostname, ipAddresses: s.hardware.ipAddresses, lastUser: s.hardware.lastLoggedUser },
      summary: `${asset.tag} is registered as ${stage.name}, and discovery heard from it on ${localDateOf(ctx, collectedAt)}${identity.hostname ? ` as ${identity.hostname}` : ''}`,
    }, now, today));
  }
  const patch: Record<string, unknown> = {};
  const patchAttributes: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(discovered)) {
    const before = fieldValue(current, field);
    const equals = SAME_VALUE[field];
    const verdict = decideField({ current: before, provenance: sources.get(field) ?? null, discovered: value, discoveredAt: collectedAt, owned: settings.ownedFields.includes(field), ...(equals ? { equals } : {}) });
    if (verdict === 'fill' || verdict === 'update') {
      if (field.startsWith('attributes.')) patchAttributes[field.slice(11)] = value;
      else patch[field] = value;
    } else if (verdict === 'discrepancy') {
      events.push(...await raiseDiscrepancy(tx, {
        kind: 'attribute_mismatch', dedupeKey: `attribute_mismatch:${assetId}:${field}`, assetId, deviceId, orgUnitId: asset.ownerOrgUnitId, field,
        registerValue: before, discoveredValue: value, evidence: { source: s.source, agent: s.agent, collectedAt, setBy: sources.get(field) ?? { source: 'person', at: null } },
        summary: `${asset.tag}: the register says ${fieldLabel(type.attributeSchema, field)} is "${String(before)}", discovery found "${String(value)}"`,
      }, now, today));
    }
  }
  if (!asset.lastVerifiedOn || asset.lastVerifiedOn < today) patch.lastVerifiedOn = today;
  // Only the attributes discovery sets: an update merges them, the others keep their values.
  if (Object.keys(patchAttributes).length) patch.attributes = patchAttributes;
  if (!Object.keys(patch).length) return events;
  const update = async (p: Record<string, unknown>) => (await applyAssetUpdate({ ...ctx, access: { ...ctx.access, scope: SCOPE_ALL, sensitive: true } }, tx, assetId, Number(row.version), p as AssetUpdate, now)).events;
  try {
    return [...events, ...await update(patch)];
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    // Values the type refuses are left out rather than losing the whole inventory.
    for (const e of error.errors) {
      const f = e.field ?? '';
      if (f.startsWith('attributes.') && patch.attributes) delete (patch.attributes as Record<string, unknown>)[f.slice(11)];
      else delete patch[f];
    }
    return [...events, ...await update(patch)];
  }
}

/** A field as people know it: an attribute by its type's label, the serial as "serial number". */
function fieldLabel(schema: readonly FieldDefinition[], field: string): string {
  if (field === 'serial') return 'serial number';
  const key = field.replace(/^attributes\./, '');
  return schema.find((f) => f.key === key)?.label || key;
}
