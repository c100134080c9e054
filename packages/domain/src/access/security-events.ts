/**
 * What the security log records (ASVS 16.3), each kind with its meaning in words: the server writes only these kinds
 * (`SecurityEvent.kind` is typed by them) and the security log page shows and filters by these labels.
 */
export const SECURITY_EVENT_KINDS = {
  login: 'Sign-in',
  'login.password': 'Password accepted (second factor pending)',
  'login.two_factor': 'Second factor',
  'login.oidc': 'Single sign-on',
  logout: 'Sign-out',
  reauthenticate: 'Password confirmation',
  'password.change': 'Password changed',
  'password.reset': 'Password set by an administrator',
  'two_factor.enrol': 'Two-factor turned on',
  'two_factor.disable': 'Two-factor turned off',
  'two_factor.reset': 'Two-factor reset by an administrator',
  'token.create': 'API token created',
  'token.revoke': 'API token revoked',
  'agent_token.create': 'Agent token issued',
  'agent_token.revoke': 'Agent token revoked',
  'account.create': 'Account created',
  'account.deactivate': 'Account deactivated',
  'account.reactivate': 'Account reactivated',
  'grant.add': 'Role granted',
  'grant.revoke': 'Role revoked',
  'role.create': 'Role created',
  'role.update': 'Role changed',
  'role.delete': 'Role deleted',
  'encryption_key.rotate': 'Encryption key rotated',
  setup: 'First administrator created',
  authentication: 'Request without valid credentials',
  authorisation: 'Request refused (permission or scope)',
  'history.checkpoint': 'History no longer matches its latest signed checkpoint',
} as const;

export type SecurityEventKind = keyof typeof SECURITY_EVENT_KINDS;
