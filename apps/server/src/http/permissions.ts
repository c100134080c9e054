/**
 * Every permission a route can require, defined once. Roles (access-control issue) are composed from these.
 * `public` marks the few routes anyone may call (health, readiness, the API description).
 */
export const PERMISSIONS = {
  public: 'No authentication needed (health probes, API description)',
  'register.read': 'Read reference data: org units, locations, people, manufacturers, suppliers, catalogue models',
  'register.write': 'Create, change and delete reference data',
  'assets.read': 'Read assets, their assignments, IMAC records and allowed transitions',
  'assets.write': 'Create and edit assets',
  'assets.transition': 'Move assets through their lifecycle',
  'assets.assign': 'Assign, check in and record IMAC actions',
  'assets.delete': 'Delete asset records created in error',
  'assets.bulk': 'Change many assets in one atomic request',
  'lifecycle.read': 'Read lifecycle models and asset types',
  'lifecycle.manage': 'Add lifecycle model versions, define asset types, migrate assets between model versions',
  'history.read': 'Read the history of any record',
  'imports.run': 'Import records from CSV or XLSX files (atomic, with dry run)',
  'imports.read': 'Read the list of applied imports',
  'assets.export': 'Export the register to CSV or XLSX',
  'system.metrics': 'Read operational metrics',
} as const;
export type Permission = keyof typeof PERMISSIONS;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a caller needs for this route. Every route declares one; a test fails on any that does not. */
    permission?: Permission;
  }
}
