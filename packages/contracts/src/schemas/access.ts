import { z } from 'zod';
import { HOLDER_REPORT_REASON_KEYS, MAX_OPEN_HOLDER_REPORTS, PERMISSION_KEYS, RESOLUTION_KEYS, holderReportReason } from '@custodia/domain';
import { CalendarDate, Cursor, Email, Id, Name, ShortText, Text, Timestamp, verbatim } from './common.js';
import { AssetPolicy } from './assets.js';

/** Passwords are taken as typed (no trimming); the policy (length, deny list) is checked by the domain rule. */
export const Password = z.string().min(1).max(1024).describe('At least 8 characters, at most 128; any characters');
export const Login = ShortText.pipe(z.string().min(1).max(100).regex(/^[^\s@][^\s]*$/, 'no spaces; may be an e-mail address'));

export const SetupStatus = z.object({ setupNeeded: z.boolean() });
export const SetupBody = z.strictObject({ token: z.string().min(10).max(200), login: Login, displayName: Name, email: Email.optional(), password: Password });
export const LoginBody = z.strictObject({ login: verbatim(200, 1), password: Password });
export const TwoFactorBody = z.strictObject({ pendingToken: z.string().min(10).max(200), code: z.string().min(6).max(20) });
export const CodeBody = z.strictObject({ code: z.string().min(6).max(20) });
export const PasswordBody = z.strictObject({ password: Password });
export const AdminPasswordBody = z.strictObject({
  password: Password,
  revokeApiTokens: z.boolean().default(true).describe("Also revoke the account's personal API tokens (the default: the account may be in other hands); false for a forgotten password"),
});
export const ChangePasswordBody = z.strictObject({ currentPassword: Password, newPassword: Password });

export const GrantView = z.object({ id: Id, roleKey: z.string(), roleName: z.string(), orgUnitId: Id.nullable(), orgUnitName: z.string().nullable() });
export const Account = z.object({
  id: Id, login: z.string(), displayName: z.string(), email: z.string().nullable(), personId: Id.nullable(), active: z.boolean(), hasPassword: z.boolean(),
  twoFactorEnabled: z.boolean(), lastLoginAt: Timestamp.nullable(), version: z.number().int(), createdAt: Timestamp, updatedAt: Timestamp, grants: z.array(GrantView),
});
export const AccountCreate = z.strictObject({ login: Login, displayName: Name, email: Email.nullable().optional(), personId: Id.nullable().optional(), password: Password.optional() });
/** Only these fields can be changed here; roles are granted through /grants, passwords through /password (mass-assignment guard). */
export const AccountUpdate = z.strictObject({ displayName: Name.optional(), email: Email.nullable().optional(), personId: Id.nullable().optional(), active: z.boolean().optional() });
export const GrantBody = z.strictObject({ roleKey: verbatim(100, 1), orgUnitId: Id.nullable().describe('Org unit whose subtree the role covers; null for the whole organisation') });

export const SessionInfo = z.object({
  account: Account,
  permissions: z.array(z.string()),
  csrfToken: z.string().nullable(),
  twoFactorSetupRequired: z.boolean(),
  timeZone: z.string().describe("The organisation's time zone (IANA name, CUSTODIA_TIME_ZONE): today, due and overdue dates are of this zone"),
});
export const LoginResult = z.union([
  z.object({ status: z.literal('signed_in'), session: SessionInfo }),
  z.object({ status: z.literal('two_factor_required'), pendingToken: z.string() }),
]);

export const PermissionKey = z.enum(PERMISSION_KEYS as [string, ...string[]]);
export const Role = z.object({
  id: Id, key: z.string(), name: z.string(), description: z.string(), builtIn: z.boolean(), permissions: z.array(z.string()), requiresTwoFactor: z.boolean(), version: z.number().int(),
});
export const RoleKeyParams = z.strictObject({ key: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/) });
export const RoleCreate = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,62}$/, 'lower-case letters, digits and _'), name: Name, description: ShortText.optional(), permissions: z.array(z.string().max(100)).max(100),
  requiresTwoFactor: z.boolean().optional(),
});
export const RoleUpdate = z.strictObject({ name: Name.optional(), description: ShortText.optional(), permissions: z.array(z.string().max(100)).max(100).optional(), requiresTwoFactor: z.boolean().optional() });

export const TokenCreate = z.strictObject({ name: Name, access: z.enum(['read', 'write']), expiresInDays: z.number().int().min(1).max(366) });
export const ApiToken = z.object({
  id: Id, name: z.string(), prefix: z.string(), access: z.enum(['read', 'write']), expiresAt: Timestamp, lastUsedAt: Timestamp.nullable(), revokedAt: Timestamp.nullable(), createdAt: Timestamp,
});
export const ApiTokenCreated = ApiToken.extend({ token: z.string().describe('Shown once: store it now') });
export const AgentTokenCreate = z.strictObject({ name: Name, orgUnitId: Id.nullable().optional(), expiresInDays: z.number().int().min(1).max(3660).nullable().optional() });
export const AgentToken = z.object({
  id: Id, name: z.string(), prefix: z.string(), orgUnitId: Id.nullable(), expiresAt: Timestamp.nullable(), lastUsedAt: Timestamp.nullable(), revokedAt: Timestamp.nullable(), createdBy: z.string(), createdAt: Timestamp,
});
export const AgentTokenCreated = AgentToken.extend({ token: z.string().describe('Shown once: store it now') });
export const TotpEnrolment = z.object({ secret: z.string(), uri: z.string() });
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });
export const SecurityLogEntry = z.object({
  id: z.string(), occurredAt: Timestamp, kind: z.string(), outcome: z.string(), accountId: z.string().nullable(), login: z.string().nullable(), ip: z.string().nullable(),
  method: z.string().nullable(), route: z.string().nullable(), status: z.number().int().nullable(), requestId: z.string().nullable(), detail: z.record(z.string(), z.unknown()).nullable(),
});
export const SECURITY_LOG_OUTCOMES = ['success', 'failure', 'denied'] as const;
const Instant = z.iso.datetime({ offset: true }).describe('An instant (ISO 8601 with Z or an offset)');
export const SecurityLogQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(500).default(50), cursor: Cursor.optional(), accountId: Id.optional(), kind: verbatim(100).optional(),
  outcome: z.enum(SECURITY_LOG_OUTCOMES).optional(),
  login: verbatim(200).optional().describe("An account's login: its entries, and sign-ins that gave this login (also one that matches no account), ignoring case and accents"),
  from: Instant.optional().describe('Entries at or after this instant'),
  to: Instant.optional().describe('Entries before this instant'),
});

/**
 * Your latest report of a problem with an asset assigned to you: while it is open, and once the IT asset team settled
 * it (during the assignment it was made in). What you are told of the outcome is the resolution, not the team's note.
 */
export const MyAssetReport = z.object({
  status: z.enum(['open', 'resolved', 'ignored']),
  reason: z.enum(HOLDER_REPORT_REASON_KEYS), message: z.string().nullable(), reportedAt: Timestamp,
  resolution: z.enum(RESOLUTION_KEYS).nullable(), resolvedAt: Timestamp.nullable(),
  ignoreUntil: CalendarDate.nullable().describe('ignored: the team set the report aside until this date; it cannot be sent again before'),
});

export const MyAsset = z.object({
  id: Id, tag: z.string(), name: z.string(), assetTypeName: z.string(), stage: z.string(), assignedSince: z.string(), expectedReturnDate: z.string().nullable(), acknowledgedAt: Timestamp.nullable(),
  report: MyAssetReport.nullable().describe('Your latest report of a problem with it (POST /api/v1/me/assets/{id}/problems), if any'),
  policies: z.array(AssetPolicy).describe('The usage policies you were told at hand-over: its asset type\'s, then its catalogue model\'s'),
});

/** "Something is wrong" with an asset assigned to you: the reason, and a message where the reason alone says too little. */
export const ProblemReportCreate = z.strictObject({
  reason: z.enum(HOLDER_REPORT_REASON_KEYS).describe('not_mine: never had it; returned: gave it back; details_wrong: serial, model or name wrong; lost_or_stolen; other'),
  message: Text.optional().describe('What is wrong, in your words (at most 1000 characters); required for details_wrong and other'),
}).superRefine((body, c) => {
  if (holderReportReason(body.reason).messageRequired && !body.message) {
    c.addIssue({ code: 'custom', path: ['message'], message: 'Say what is wrong', params: { code: 'REQUIRED' } });
  }
}).describe(`At most ${MAX_OPEN_HOLDER_REPORTS} of your reports may be open at once (409 TOO_MANY_PROBLEM_REPORTS)`);

/**
 * The provider's redirect back to /api/v1/auth/oidc/callback (OpenID Connect authorization response). Other
 * parameters a provider adds are ignored here; the whole response is checked by the OIDC client.
 */
export const OidcCallbackQuery = z.object({
  code: z.string().max(4096).optional(),
  state: z.string().max(512).optional(),
  iss: z.string().max(2048).optional(),
  error: z.string().max(256).optional(),
  error_description: z.string().max(2048).optional(),
});
