/**
 * Every permission, defined once. Routes declare one of these; roles are sets of them. `public` marks the few routes
 * anyone may call (health, readiness, the API description, signing in); `self` is held by every signed-in account
 * (its own session, password, tokens and two-factor settings).
 */
export const PERMISSIONS = {
  public: 'No authentication needed (health probes, API description, sign-in)',
  self: 'Manage your own session, password, two-factor authentication and API tokens',
  'self.assets': 'See the assets assigned to you, acknowledge their receipt and report what is wrong with them (self-service)',
  'register.read': 'Read reference data: org units, locations, people, manufacturers, suppliers, catalogue models',
  'register.write': 'Create, change and delete reference data',
  'assets.read': 'Read assets, their assignments, IMAC records and allowed transitions',
  'assets.write': 'Create and edit assets',
  'assets.transition': 'Move assets through their lifecycle',
  'assets.assign': 'Assign, check in and record IMAC actions',
  'assets.delete': 'Delete asset records created in error',
  'assets.bulk': 'Change many assets in one atomic request',
  'assets.export': 'Export the register to CSV or XLSX',
  'sensitive.read': 'See fields marked sensitive (licence keys and custom fields so flagged) in clear',
  'lifecycle.read': 'Read lifecycle models and asset types',
  'lifecycle.manage': 'Add lifecycle model versions, define asset types, migrate assets between model versions',
  'history.read': 'Read the history of any record',
  'imports.run': 'Import records from CSV or XLSX files (atomic, with dry run)',
  'imports.read': 'Read the list of applied imports',
  'audits.read': 'Read audit plans, runs and their reports',
  'audits.plan': 'Plan physical audits, start and close audit runs',
  'audits.record': 'Record audit and verification work (scan or type what is found)',
  'procurement.read': 'Read purchase requests and their history',
  'procurement.request': 'Write purchase requests, submit them for approval and withdraw your own',
  'procurement.approve': 'Approve, reject or cancel purchase requests others wrote, and order approved ones (registers the assets on order)',
  'discovery.read': 'See discovered devices, their software inventory and the discrepancy queue',
  'discovery.resolve': 'Resolve discrepancies: link, register, accept or keep values, mark missing, ignore',
  'discovery.manage': 'Configure discovery: reconciliation rules, field ownership, software deny list, evidence retention, agent networks',
  'accounts.read': 'List accounts, their roles and grants',
  'accounts.manage': 'Create and deactivate accounts, reset their passwords, grant and revoke roles',
  'roles.manage': 'Define custom roles from permissions',
  'agents.manage': 'Issue and revoke agent tokens for discovery agents',
  'integrations.manage': 'Register outbound webhooks that tell other tools (ITSM, CMDB, chat) of changes, and read their deliveries',
  'inventory.submit': 'Post inventories (agent tokens only)',
  'security.read': 'Read the security log',
  'system.metrics': 'Read operational metrics',
} as const;

export type Permission = keyof typeof PERMISSIONS;

export const PERMISSION_KEYS = Object.keys(PERMISSIONS) as Permission[];

export const isPermission = (value: string): value is Permission => Object.hasOwn(PERMISSIONS, value);

/** Permissions no role can carry: `public` needs no grant, `self` comes with every account, `inventory.submit` only with an agent token. */
export const NOT_GRANTABLE: readonly Permission[] = ['public', 'self', 'inventory.submit'];

/**
 * Permissions whose objects are not tied to an org unit (shared reference data, lifecycle models, accounts, the
 * system). A grant on a subtree does not give them for writing: changing what everybody shares needs an
 * organisation-wide grant. Reading them needs the permission on any grant.
 */
export const ORGANISATION_WIDE_WRITES: readonly Permission[] = ['register.write', 'lifecycle.manage', 'accounts.manage', 'roles.manage', 'agents.manage', 'discovery.manage', 'integrations.manage', 'security.read', 'system.metrics'];

/** What an API token marked read-only may use, and only to read (GET): every other permission writes. */
export const READ_ONLY_PERMISSIONS: readonly Permission[] = [
  'public', 'self', 'self.assets', 'register.read', 'assets.read', 'assets.export', 'sensitive.read', 'lifecycle.read', 'history.read', 'imports.read', 'accounts.read', 'security.read', 'system.metrics',
  'discovery.read', 'audits.read', 'procurement.read',
];
