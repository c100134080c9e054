import { DiscoverySettings } from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import { DEFAULT_RULES } from '@custodia/domain';
import { readJson, writeJson } from '@custodia/data';
import type { Context } from '../shared/context.js';
import type { Tx } from '../shared/change.js';

const KEY = 'discovery';

/**
 * Settings as shipped: GLPI-like rules, specs and host names owned by discovery (the serial only filled when empty),
 * 30 days before a device counts as not seen, raw inventories kept 90 days, every agent needs a token.
 */
export const DEFAULT_DISCOVERY_SETTINGS: DiscoverySettings = {
  rules: DEFAULT_RULES.map((r) => ({ ...r, criteria: [...r.criteria] })),
  notSeenDays: 30,
  ownedFields: ['attributes.hostname', 'attributes.cpu', 'attributes.ram_gb', 'attributes.storage_gb', 'attributes.ip_address', 'attributes.mac_address'],
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

/** Replaces the settings; asset types named must exist, and rule keys must be unique. */
export async function putDiscoverySettings(ctx: Context, input: DiscoverySettings): Promise<DiscoverySettings> {
  const keys = input.rules.map((r) => r.key);
  const dup = keys.find((k, i) => keys.indexOf(k) !== i);
  if (dup) throw new AppError('VALIDATION_FAILED', `Rule key "${dup}" is used twice`, { errors: [{ field: 'rules', code: 'DUPLICATE_RULE_KEY', message: `Rule key "${dup}" is used twice` }] });
  for (const [chassis, key] of Object.entries(input.assetTypeByChassis)) {
    const type = await ctx.database.db.selectFrom('asset_types').select('id').where('key', '=', key).executeTakeFirst();
    if (!type) throw new AppError('REFERENCE_NOT_FOUND', `No asset type "${key}"`, { errors: [{ field: `assetTypeByChassis.${chassis}`, code: 'REFERENCE_NOT_FOUND', message: `No asset type "${key}"` }] });
  }
  const now = ctx.now().toISOString();
  const value = writeJson(input);
  await ctx.database.db.insertInto('settings').values({ key: KEY, value, updated_at: now }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now })).execute();
  return input;
}
