import { DiscoverySettings } from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import { DEFAULT_RULES, diffRecords } from '@custodia/domain';
import { readJson, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import { type Tx, assertVersion, runChange } from '../shared/change.js';

const KEY = 'discovery';

/**
 * Settings as shipped: GLPI-like rules, specs and host names owned by discovery (the serial only filled when empty),
 * 30 days before a device counts as not seen, raw inventories kept 90 days, every agent needs a token.
 */
export const DEFAULT_DISCOVERY_SETTINGS: DiscoverySettings = {
  rules: DEFAULT_RULES.map((r) => ({ ...r, criteria: [...r.criteria] })),
  notSeenDays: 30,
  ownedFields: ['attributes.hostname', 'attributes.operating_system', 'attributes.cpu', 'attributes.ram_gb', 'attributes.storage_gb', 'attributes.ip_address', 'attributes.mac_address'],
  denyList: [],
  retentionDays: 90,
  unauthenticatedRanges: [],
  assetTypeByChassis: { laptop: 'laptop', desktop: 'desktop', server: 'server', virtual: 'server' },
  registerStage: 'in_use',
  whenNoMatch: 'create',
};

type Db = Context['database']['db'] | Tx;

export async function readDiscoverySettings(db: Db): Promise<DiscoverySettings> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', KEY).executeTakeFirst();
  if (!row) return DEFAULT_DISCOVERY_SETTINGS;
  return { ...DEFAULT_DISCOVERY_SETTINGS, ...readJson<Partial<DiscoverySettings>>(row.value, {}) };
}

export async function getDiscoverySettings(ctx: Context): Promise<DiscoverySettings> {
  return readDiscoverySettings(ctx.database.db);
}

/** The settings with their version (0 while they are as shipped): the ETag an edit must send as If-Match. */
export async function getDiscoverySettingsVersioned(ctx: Context): Promise<{ settings: DiscoverySettings; version: number }> {
  const row = await ctx.database.db.selectFrom('settings').select(['value', 'version']).where('key', '=', KEY).executeTakeFirst();
  return { settings: row ? { ...DEFAULT_DISCOVERY_SETTINGS, ...readJson<Partial<DiscoverySettings>>(row.value, {}) } : DEFAULT_DISCOVERY_SETTINGS, version: row ? Number(row.version) : 0 };
}

/**
 * Replaces the settings over the version the caller read (412 otherwise); asset types named must exist, and rule keys
 * must be unique. The change is a history event with what changed, in the same transaction.
 */
export async function putDiscoverySettings(ctx: Context, expectedVersion: number, input: DiscoverySettings, reason?: string): Promise<{ settings: DiscoverySettings; version: number }> {
  const keys = input.rules.map((r) => r.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new AppError('VALIDATION_FAILED', `Rule key "${dup}" is used twice`, { errors: [{ field: 'rules', code: 'DUPLICATE_RULE_KEY', message: `Rule key "${dup}" is used twice` }] });
  for (const [chassis, key] of Object.entries(input.assetTypeByChassis)) {
    const type = await ctx.database.db.selectFrom('asset_types').select('id').where('key', '=', key).executeTakeFirst();
    if (!type) throw new AppError('REFERENCE_NOT_FOUND', `No asset type "${key}"`, { errors: [{ field: `assetTypeByChassis.${chassis}`, code: 'REFERENCE_NOT_FOUND', message: `No asset type "${key}"` }] });
  }
  return runChange(ctx, reason, async (tx, now) => {
    const row = await tx.selectFrom('settings').select(['value', 'version']).where('key', '=', KEY).executeTakeFirst();
    const current = row ? Number(row.version) : 0;
    assertVersion('discovery settings', current, expectedVersion);
    const before = row ? { ...DEFAULT_DISCOVERY_SETTINGS, ...readJson<Partial<DiscoverySettings>>(row.value, {}) } : DEFAULT_DISCOVERY_SETTINGS;
    const value = writeJson(input);
    const version = current + 1;
    // Guarded by the version read: of two concurrent edits, the second matches no row (or collides on the key) and is refused.
    const written = row
      ? Number((await tx.updateTable('settings').set({ value, updated_at: now, version }).where('key', '=', KEY).where('version', '=', current).executeTakeFirst()).numUpdatedRows)
      : Number((await tx.insertInto('settings').values({ key: KEY, value, updated_at: now, version }).onConflict((oc) => oc.column('key').doNothing()).executeTakeFirst()).numInsertedOrUpdatedRows ?? 0);
    if (written !== 1) throw new AppError('VERSION_MISMATCH', 'The discovery settings were changed by someone else');
    const changes = diffRecords({ ...before }, { ...input });
    return { result: { settings: input, version }, events: Object.keys(changes).length ? [{ entityType: 'discovery_settings', entityId: KEY, action: 'update' as const, changes }] : [] };
  });
}
