/**
 * Org units and locations are trees stored with a materialised path of ids ("/a/b/c/"), so a subtree filter is
 * one indexed prefix match. Moving a node rewrites the paths of its descendants.
 */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** A node may not become a descendant of itself. */
export function wouldCreateCycle(nodePath: string, newParentPath: string | null): boolean {
  return newParentPath !== null && newParentPath.startsWith(nodePath);
}

export const LOCATION_KINDS = ['country', 'region', 'site', 'building', 'floor', 'room', 'rack', 'other'] as const;
export type LocationKind = (typeof LOCATION_KINDS)[number];

export const ORG_UNIT_KINDS = ['company', 'country', 'business_unit', 'department', 'team', 'other'] as const;
export type OrgUnitKind = (typeof ORG_UNIT_KINDS)[number];

/** Asset type categories (§2.2.2): what kind of thing is registered. */
export const ASSET_CATEGORIES = [
  'hardware',
  'software_licence',
  'cloud_resource',
  'saas_subscription',
  'data_asset',
  'code_repository',
  'certificate',
  'service_contract',
] as const;
export type AssetCategory = (typeof ASSET_CATEGORIES)[number];

/** IMAC actions (§2.2.4.3), recorded with date and operator. */
export const IMAC_ACTIONS = ['install', 'move', 'add', 'change'] as const;
export type ImacAction = (typeof IMAC_ACTIONS)[number];
