import { z } from 'zod';
import { AssetListQuery } from './assets.js';
import { Id, Name, Timestamp } from './common.js';

/**
 * Saved views: an account's named filters, sort and columns of a list page, private to it. Routes: /api/v1/me/views.
 * The filters and sort are the page's URL query string, checked here against what the page's list API accepts.
 */

/** The pages a view can be saved for, with the query parameters each keeps (its filters and sort, never a cursor). */
export const SAVED_VIEW_PAGES = {
  register: AssetListQuery.pick({ q: true, typeId: true, stage: true, modelId: true, locationId: true, orgUnitId: true, assignedPersonId: true, assignee: true, keyDate: true, monitoredDate: true, quality: true, sort: true }),
} as const;
export type SavedViewPageKey = keyof typeof SAVED_VIEW_PAGES;
export const SavedViewPage = z.enum(Object.keys(SAVED_VIEW_PAGES) as [SavedViewPageKey, ...SavedViewPageKey[]]);

/** At most this many views per account and page. */
export const MAX_SAVED_VIEWS = 100;
const MAX_QUERY_LENGTH = 2000;

export interface ViewQueryProblem { message: string; code: string }

/**
 * Checks a view's query string (with or without the leading '?') against the page's parameters and returns it in a
 * canonical form (parameters in the page's order, values as the list API reads them), or the problems found.
 */
export function checkViewQuery(page: SavedViewPageKey, text: string): { ok: true; query: string } | { ok: false; problems: ViewQueryProblem[] } {
  const schema = SAVED_VIEW_PAGES[page];
  const allowed = Object.keys(schema.shape);
  const problems: ViewQueryProblem[] = [];
  if (text.length > MAX_QUERY_LENGTH) return { ok: false, problems: [{ code: 'TOO_LONG', message: `must be at most ${MAX_QUERY_LENGTH} characters` }] };
  const params = new URLSearchParams(text.startsWith('?') ? text.slice(1) : text);
  const values: Record<string, string> = {};
  for (const [key, value] of params) {
    if (!allowed.includes(key)) problems.push({ code: 'VIEW_PARAMETER_NOT_ALLOWED', message: `"${key.slice(0, 50)}" is not a filter of this page (allowed: ${allowed.join(', ')})` });
    else if (key in values) problems.push({ code: 'DUPLICATE_PARAMETER', message: `"${key}" is given more than once` });
    else values[key] = value;
  }
  if (problems.length) return { ok: false, problems };
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => ({ code: 'VIEW_PARAMETER_INVALID', message: `${i.path.join('.') || 'query'}: ${i.message}` })) };
  }
  const out = new URLSearchParams();
  const data = parsed.data as Record<string, unknown>;
  for (const key of allowed) if (key in values && data[key] !== undefined && data[key] !== '') out.set(key, String(data[key]));
  return { ok: true, query: out.toString() };
}

const ColumnId = z.string().regex(/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/, 'must be a column id (letters, digits, _ . -)');
/** Which columns are shown (true) or hidden (false), by column id; columns not listed keep the page's default. */
export const ViewColumns = z.record(ColumnId, z.boolean())
  .refine((c) => Object.keys(c).length <= 100, 'at most 100 columns')
  .describe('Column visibility by column id');

const ViewQueryText = z.string().max(MAX_QUERY_LENGTH).describe("The page's URL query string: its filters and sort (e.g. stage=in_use&sort=-updatedAt)");

const viewFields = {
  name: Name.pipe(z.string().max(100)),
  page: SavedViewPage,
  query: ViewQueryText,
  columns: ViewColumns,
  isDefault: z.boolean().describe('Opened when the page is opened without a query; at most one per page (setting it clears the previous one)'),
};

function refineQuery(value: { page?: SavedViewPageKey | undefined; query?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.query === undefined) return;
  const checked = checkViewQuery(value.page ?? 'register', value.query);
  if (!checked.ok) for (const p of checked.problems) ctx.addIssue({ code: 'custom', path: ['query'], message: p.message, params: { code: p.code } });
}

/** `POST /api/v1/me/views`. */
export const SavedViewCreate = z.strictObject({ ...viewFields, query: viewFields.query.default(''), columns: viewFields.columns.default({}), isDefault: viewFields.isDefault.default(false) })
  .superRefine(refineQuery);
export type SavedViewCreate = z.infer<typeof SavedViewCreate>;

/** `PATCH /api/v1/me/views/{id}` (If-Match): rename, replace the filters or columns, make it the default or not. */
export const SavedViewUpdate = z.strictObject({ name: viewFields.name, query: viewFields.query, columns: viewFields.columns, isDefault: viewFields.isDefault }).partial();
export type SavedViewUpdate = z.infer<typeof SavedViewUpdate>;

export const SavedView = z.object({
  id: Id,
  page: SavedViewPage,
  name: z.string(),
  query: z.string(),
  columns: z.record(z.string(), z.boolean()),
  isDefault: z.boolean(),
  version: z.number().int(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type SavedView = z.infer<typeof SavedView>;

export const SavedViewListQuery = z.strictObject({ page: SavedViewPage.optional() });
