/** The register's filters, kept in the URL: the register page reads and writes them, the labels page prints a view by them. */
export const REGISTER_FILTERS = ['q', 'typeId', 'modelId', 'stage', 'locationId', 'orgUnitId', 'assignedPersonId', 'assignee', 'keyDate', 'monitoredDate', 'quality', 'sort'] as const;
export type RegisterFilter = (typeof REGISTER_FILTERS)[number];

/** The register filters a URL's parameters hold (absent ones undefined). */
export function registerFilters(params: URLSearchParams): Record<RegisterFilter, string | undefined> {
  return Object.fromEntries(REGISTER_FILTERS.map((k) => [k, params.get(k) ?? undefined])) as Record<RegisterFilter, string | undefined>;
}
