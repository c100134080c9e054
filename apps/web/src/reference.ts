/**
 * Reference data in the web app: org units, locations, people, manufacturers, suppliers and catalogue models. Each
 * resource is described once, as data (its API path, names, and the fields of its create/update body, mirroring the
 * Zod contracts in packages/contracts/src/schemas/register.ts); the forms, detail panels and tables are generated from
 * these descriptions.
 */
import { useQuery } from '@tanstack/react-query';
import { LONG_TEXT_MAX, MAX_LOCAL_CONTACTS, MAX_NETWORK_RANGES, placeName } from '@custodia/domain';
import { useMemo, useState } from 'react';
import { ApiError, type Page, get, query, request } from './api';
import { errorText } from './access';
import { calendarDate } from './dates';

export type ReferenceResource = 'org-units' | 'locations' | 'people' | 'manufacturers' | 'suppliers' | 'models';
export type TreeResource = 'org-units' | 'locations';

interface Meta { id: string; version: number; createdAt: string; updatedAt: string }
export interface TreeNode extends Meta { name: string; code: string | null; kind: string; parentId: string | null; path: string }
/** A person to call about a location, and what they are there (`LocalContactInput` of the contracts). */
export interface LocalContact { personId: string; role: string; phone: string | null; notes: string | null }
export interface Location extends TreeNode { address: string | null; latitude: number | null; longitude: number | null; contacts: LocalContact[]; networkRanges: string[] }
export interface Person extends Meta { name: string; email: string | null; employeeNumber: string | null; orgUnitId: string | null; managerId: string | null; active: boolean }
export interface Manufacturer extends Meta { name: string; url: string | null; supportEmail: string | null; supportPhone: string | null }
export interface Supplier extends Meta { name: string; url: string | null; email: string | null; phone: string | null; notes: string | null }
export interface CatalogueModel extends Meta {
  name: string; manufacturerId: string; assetTypeId: string; modelNumber: string | null; defaultSpecs: Record<string, unknown>;
  eolDate: string | null; eolMonths: number | null; substitutionGroup: string | null; usagePolicy: string | null;
}
/** Any reference record, read field by field. */
export type AnyRecord = Meta & { name: string } & Record<string, unknown>;

/** Kinds of location and org unit, in the order of the domain's lists (packages/domain/src/register/tree.ts). */
export const LOCATION_KINDS: Record<string, string> = {
  country: 'Country', region: 'Region', site: 'Site', building: 'Building', floor: 'Floor', room: 'Room', rack: 'Rack', other: 'Other',
};
export const ORG_UNIT_KINDS: Record<string, string> = {
  company: 'Company', country: 'Country', business_unit: 'Business unit', department: 'Department', team: 'Team', other: 'Other',
};
const options = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** One field of a resource's create/update body and how it is entered. */
export interface FieldSpec {
  key: string;
  label: string;
  type: 'text' | 'email' | 'url' | 'textarea' | 'number' | 'integer' | 'select' | 'boolean' | 'date' | 'ref' | 'tree' | 'assetType' | 'specs' | 'contacts' | 'ranges';
  required?: boolean;
  description?: string;
  options?: { value: string; label: string }[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** For `ref` and `tree`: the resource the id points to; for `contacts`, the people. */
  resource?: ReferenceResource;
  /** Value of a new record when the form leaves it alone (the contract's default). */
  default?: unknown;
}

export interface ResourceInfo {
  path: ReferenceResource;
  singular: string;
  plural: string;
  fields: FieldSpec[];
  /** What may still refer to a record, for the message when deletion is refused. */
  usedBy: string;
  /** The empty state of the list: what to add and why. */
  empty: string;
}

/** What a usage policy is for, on the catalogue model form and the asset type page. */
export const USAGE_POLICY_HELP = 'What the person receiving an asset must be told at hand-over (security, cloud options, BYOD…), e.g. "Full-disk encryption must be on before hand-over". Shown when it is assigned and printed on the hand-over form.';

/** What network ranges are for, on the location form. */
export const NETWORK_RANGES_HELP = `One network per line, e.g. 10.20.0.0/16 or 2001:db8::/48 (at most ${MAX_NETWORK_RANGES}). Discovery places a device by the most specific range holding its address, and queues it when that is not where the register places it.`;

/** What local contacts are for, on the location form. */
export const LOCAL_CONTACTS_HELP = `Whom stockroom staff and the service desk call about this place, e.g. the site IT contact, the receptionist, facilities (at most ${MAX_LOCAL_CONTACTS}). Places inside it without contacts of their own show these.`;

const NAME: FieldSpec = { key: 'name', label: 'Name', type: 'text', required: true, maxLength: 200 };
const CODE: FieldSpec = { key: 'code', label: 'Code', type: 'text', maxLength: 200, description: 'A short identifier used in imports, e.g. PAR-A' };

export const RESOURCES: Record<ReferenceResource, ResourceInfo> = {
  'org-units': {
    path: 'org-units', singular: 'org unit', plural: 'org units',
    fields: [NAME, CODE, { key: 'kind', label: 'Kind', type: 'select', options: options(ORG_UNIT_KINDS), default: 'department' }, { key: 'parentId', label: 'Part of', type: 'tree', resource: 'org-units', description: 'Leave empty for a top-level unit' }],
    usedBy: 'units inside it, people, assets or role grants',
    empty: 'No org units yet — start with your company, then add its countries, business units and departments inside it.',
  },
  locations: {
    path: 'locations', singular: 'location', plural: 'locations',
    fields: [
      NAME, CODE, { key: 'kind', label: 'Kind', type: 'select', options: options(LOCATION_KINDS), default: 'site' },
      { key: 'parentId', label: 'Inside', type: 'tree', resource: 'locations', description: 'Leave empty for a top-level location' },
      { key: 'address', label: 'Address', type: 'textarea', maxLength: 10_000 },
      { key: 'latitude', label: 'Latitude', type: 'number', min: -90, max: 90, description: 'Decimal degrees, -90 to 90' },
      { key: 'longitude', label: 'Longitude', type: 'number', min: -180, max: 180, description: 'Decimal degrees, -180 to 180' },
      { key: 'contacts', label: 'Local contacts', type: 'contacts', resource: 'people', default: [], max: MAX_LOCAL_CONTACTS, description: LOCAL_CONTACTS_HELP },
      { key: 'networkRanges', label: 'Network ranges', type: 'ranges', default: [], max: MAX_NETWORK_RANGES, description: NETWORK_RANGES_HELP },
    ],
    usedBy: 'locations inside it or assets',
    empty: 'No locations yet — start with a country or a site, then add its buildings, floors and rooms inside it.',
  },
  people: {
    path: 'people', singular: 'person', plural: 'people',
    fields: [
      NAME, { key: 'email', label: 'E-mail', type: 'email', maxLength: 254 }, { key: 'employeeNumber', label: 'Employee number', type: 'text', maxLength: 200 },
      { key: 'orgUnitId', label: 'Org unit', type: 'tree', resource: 'org-units' }, { key: 'managerId', label: 'Manager', type: 'ref', resource: 'people' },
      { key: 'active', label: 'Active', type: 'boolean', default: true, description: 'People who have left stay in the history; mark them inactive instead of deleting them' },
    ],
    usedBy: 'assets, accounts, or people they manage',
    empty: 'No people yet — add the people who use and look after assets, or import them from a spreadsheet.',
  },
  manufacturers: {
    path: 'manufacturers', singular: 'manufacturer', plural: 'manufacturers',
    fields: [NAME, { key: 'url', label: 'Web site', type: 'url', maxLength: 200 }, { key: 'supportEmail', label: 'Support e-mail', type: 'email', maxLength: 254 }, { key: 'supportPhone', label: 'Support phone', type: 'text', maxLength: 200 }],
    usedBy: 'catalogue models or assets',
    empty: 'No manufacturers yet — add the makers of the equipment and software you register.',
  },
  suppliers: {
    path: 'suppliers', singular: 'supplier', plural: 'suppliers',
    fields: [NAME, { key: 'url', label: 'Web site', type: 'url', maxLength: 200 }, { key: 'email', label: 'E-mail', type: 'email', maxLength: 254 }, { key: 'phone', label: 'Phone', type: 'text', maxLength: 200 }, { key: 'notes', label: 'Notes', type: 'textarea', maxLength: 10_000 }],
    usedBy: 'assets bought from it',
    empty: 'No suppliers yet — add the companies you buy from.',
  },
  models: {
    path: 'models', singular: 'catalogue model', plural: 'catalogue models',
    fields: [
      NAME, { key: 'manufacturerId', label: 'Manufacturer', type: 'ref', resource: 'manufacturers', required: true }, { key: 'assetTypeId', label: 'Asset type', type: 'assetType', required: true },
      { key: 'modelNumber', label: 'Model number', type: 'text', maxLength: 200 },
      { key: 'defaultSpecs', label: 'Default specifications', type: 'specs', default: {}, description: 'Values new assets of this model start with, e.g. RAM = 16 GB' },
      { key: 'eolDate', label: 'End of life date', type: 'date', description: 'A fixed date, or give the months below' },
      { key: 'eolMonths', label: 'End of life after (months)', type: 'integer', min: 1, max: 600, description: 'Counted from each asset\'s purchase date' },
      { key: 'substitutionGroup', label: 'Substitution group', type: 'text', maxLength: 200, description: 'Models with the same group can replace one another, e.g. standard-laptop-14' },
      { key: 'usagePolicy', label: 'Usage policy', type: 'textarea', maxLength: LONG_TEXT_MAX, description: USAGE_POLICY_HELP },
    ],
    usedBy: 'assets',
    empty: 'No catalogue models yet — add the models you buy, so new assets can start from their defaults.',
  },
};

export const recordPath = (resource: ReferenceResource, id?: string) => `/api/v1/${resource}${id ? `/${id}` : ''}`;

/** Names of the given records of any reference resource, read in one request (`ids=`) and cached. */
export function useRecordNames(resource: ReferenceResource, ids: (string | null | undefined)[]) {
  const unique = [...new Set(ids.filter((i): i is string => Boolean(i)))].sort().slice(0, 100);
  const result = useQuery({
    queryKey: ['reference', resource, 'names', unique.join(',')],
    queryFn: async () => (await get<Page<AnyRecord>>(`${recordPath(resource)}?limit=100&ids=${unique.join(',')}`)).items,
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: (prev) => prev,
  });
  return useMemo(() => new Map((result.data ?? []).map((n) => [n.id, n.name])), [result.data]);
}

/** One page of a resource's list, with the total the first time it is asked for. */
export function useReferencePage<T>(resource: ReferenceResource, q: string, cursor: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['reference', resource, 'list', q, cursor ?? null],
    queryFn: () => get<Page<T>>(`${recordPath(resource)}${query({ q, cursor, limit: 50, includeTotal: 'true' })}`),
    placeholderData: (prev) => prev,
    enabled,
  });
}

/** The largest tree the pages load whole (pages of 500); beyond it the rest is reached by searching. */
export const MAX_TREE_NODES = 20_000;

/** A tree loaded whole, with the children of each node in name order. Nodes whose parent is not visible (a scoped role) are roots. */
export interface TreeIndex {
  nodes: Map<string, TreeNode>;
  children: Map<string | null, TreeNode[]>;
  /** The nodes bearing each name: what tells places of one name apart (`placeLabel`). */
  byName: Map<string, TreeNode[]>;
  roots: TreeNode[];
  truncated: boolean;
}

export function buildTreeIndex(list: TreeNode[], truncated = false): TreeIndex {
  const nodes = new Map(list.map((n) => [n.id, n]));
  const children = new Map<string | null, TreeNode[]>();
  const byName = new Map<string, TreeNode[]>();
  const roots: TreeNode[] = [];
  for (const n of nodes.values()) {
    const named = byName.get(n.name);
    if (named) named.push(n); else byName.set(n.name, [n]);
  }
  for (const n of nodes.values()) {
    if (n.parentId && nodes.has(n.parentId)) {
      const siblings = children.get(n.parentId);
      if (siblings) siblings.push(n); else children.set(n.parentId, [n]);
    } else roots.push(n);
  }
  const inNameOrder = (a: TreeNode, b: TreeNode) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  roots.sort(inNameOrder);
  for (const list_ of children.values()) list_.sort(inNameOrder);
  return { nodes, children, byName, roots, truncated };
}

/** The ancestors of a node, top first, from its materialised path ("/a/b/c/"). */
export function ancestorsOf(index: TreeIndex, node: TreeNode): TreeNode[] {
  return node.path.split('/').filter(Boolean).slice(0, -1).map((id) => index.nodes.get(id)).filter((n): n is TreeNode => Boolean(n));
}

/**
 * A place named for a table cell by the rule the server's reports and summaries follow (`placeName` in the domain):
 * its own name and the site it is in (or, without a site, its parent), so the many rooms called "Stockroom" read
 * apart: "Stockroom · Paris La Défense"; two of one name in one site also name where they part ("Room 101 · Building
 * A · Berlin Mitte"), told by the index's nodes of that name.
 */
export function placeLabel(index: TreeIndex, node: TreeNode): string {
  return placeName(node, ancestorsOf(index, node), index.byName.get(node.name));
}

/** "France › Paris La Défense › Building A". */
export const breadcrumb = (index: TreeIndex, node: TreeNode) => [...ancestorsOf(index, node), node].map((n) => n.name).join(' › ');

/**
 * The whole tree of org units or locations. The list API filters by one parent but cannot ask for the top level, so
 * the tree is read in pages of 500 (a few requests for thousands of nodes); expanding a node is then instant, and
 * each level shows its children a hundred at a time.
 */
export function useTree(resource: TreeResource, enabled = true) {
  const [loaded, setLoaded] = useState(0);
  const result = useQuery({
    queryKey: ['tree', resource],
    queryFn: async () => {
      const all: TreeNode[] = [];
      let cursor: string | undefined;
      let truncated = false;
      do {
        const page = await get<Page<TreeNode>>(`${recordPath(resource)}${query({ limit: 500, cursor })}`);
        all.push(...page.items);
        setLoaded(all.length);
        cursor = page.nextCursor ?? undefined;
        if (cursor && all.length >= MAX_TREE_NODES) { truncated = true; break; }
      } while (cursor);
      return { list: all, truncated };
    },
    staleTime: 60_000,
    enabled,
  });
  const index = useMemo(() => (result.data ? buildTreeIndex(result.data.list, result.data.truncated) : null), [result.data]);
  return { ...result, index, loaded };
}

/** Creates (no id) or changes (id and the version edited) a record; the answer is the stored record. */
export async function saveRecord<T>(resource: ReferenceResource, body: Record<string, unknown>, target?: { id: string; version: number }): Promise<T> {
  if (!target) return (await request<T>('POST', recordPath(resource), { body })).data;
  return (await request<T>('PATCH', recordPath(resource, target.id), { body, ifMatch: `"${target.version}"` })).data;
}

export async function deleteRecord(resource: ReferenceResource, id: string, version: number, reason: string): Promise<void> {
  await request<null>('DELETE', recordPath(resource, id), { body: { reason }, ifMatch: `"${version}"` });
}

export const isConflict = (e: unknown) => e instanceof ApiError && (e.code === 'VERSION_MISMATCH' || e.status === 412);

/** A sentence for a failed change of reference data, kinder than the raw problem for the usual cases. */
export function referenceErrorText(e: unknown, info: ResourceInfo, name?: string): string {
  if (e instanceof ApiError) {
    const what = name ? `“${name}”` : `This ${info.singular}`;
    if (e.code === 'IN_USE') return `${what} is still used by ${info.usedBy}, so it cannot be deleted. Move or change those first. Nothing was deleted.`;
    if (e.code === 'RECORD_HAS_ATTACHMENTS') return `${e.message}. Nothing was deleted.`;
    if (e.status === 403) return 'Changing reference data needs a role granted on the whole organisation. Ask an administrator if you need to.';
    if (e.code === 'UNIQUE_VIOLATION') return `Another ${info.singular} already has this ${e.errors[0]?.field ?? 'name'}.`;
    if (e.status === 404) return `This ${info.singular} no longer exists: someone deleted it meanwhile.`;
  }
  return errorText(e);
}

/** How a stored value reads in a detail panel (references are resolved by the caller; contacts by `names` of people). */
export function formatPlain(field: FieldSpec, value: unknown, names?: Map<string, string>): string {
  if (value === null || value === undefined || value === '') return '—';
  if (field.type === 'boolean') return value ? 'Yes' : 'No';
  if (field.type === 'select') return field.options?.find((o) => o.value === value)?.label ?? String(value);
  if (field.type === 'date' && typeof value === 'string') return calendarDate(value);
  if (field.type === 'ranges') return Array.isArray(value) && value.length ? value.join(', ') : '—';
  if (field.type === 'contacts') {
    const list = Array.isArray(value) ? (value as LocalContact[]) : [];
    return list.length ? list.map((c) => `${names?.get(c.personId) ?? c.personId} (${c.role})`).join('; ') : '—';
  }
  if (field.type === 'specs') {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length ? entries.map(([k, v]) => `${k}: ${String(v)}`).join(', ') : '—';
  }
  return String(value);
}
