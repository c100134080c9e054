import { AppError } from '@custodia/contracts';
import { type SsoRoleMap, claimGroups, comparisonKey, diffRecords, ssoGrantsFor, ssoIdentity } from '@custodia/domain';
import { type EventInput, type Tables, newId, readBool, readJson, writeJson } from '@custodia/data';
import type { Kysely } from 'kysely';
import type { Context } from '../shared/context.js';
import { type Tx, runChange } from '../shared/change.js';
import { insertAccount, loginKey } from './accounts.js';
import { sha256 } from './secrets.js';
import { openPendingSignIn } from './two-factor.js';
import { type NewSession, endAccountSessions, startSession } from './sessions.js';
import { logSecurityEvent } from './security-log.js';
import type { Client } from './sign-in.js';
import { engineOf } from '../shared/locks.js';
import { equalsFolded } from '../shared/search-sql.js';

/**
 * OpenID Connect single sign-on: the server side of the authorization code flow that does not speak to the provider
 * (the HTTP layer does, with openid-client). Two parts:
 *
 * - the pending sign-in (state → nonce and PKCE verifier), kept in `settings` under `oidc_state:<sha256(state)>` and
 *   spent exactly once: `consumeOidcState` deletes the row and only the caller whose DELETE removed it gets the values,
 *   so a callback replayed any number of times, even concurrently, signs in at most once;
 * - `oidcSignIn`: from the verified claims to an account (found by identity, linked by verified e-mail, or created),
 *   its SSO grants (replaced from the role map at each sign-in) and a session, all in one transaction.
 */

/** How long a sign-in started at the provider may take to come back. */
export const OIDC_STATE_TTL_SECONDS = 600;
const STATE_PREFIX = 'oidc_state:';
const stateKey = (state: string) => `${STATE_PREFIX}${sha256(state)}`;

export interface PendingOidcSignIn { nonce: string; codeVerifier: string }

/** Records a sign-in sent to the provider, and drops pending sign-ins that have expired. Only a hash of the state is stored. */
export async function saveOidcState(db: Kysely<Tables>, now: Date, state: string, pending: PendingOidcSignIn): Promise<void> {
  const at = now.toISOString();
  await db.deleteFrom('settings').where('key', 'like', `${STATE_PREFIX}%`).where('updated_at', '<', new Date(now.getTime() - OIDC_STATE_TTL_SECONDS * 1000).toISOString()).execute();
  await db.insertInto('settings').values({ key: stateKey(state), value: writeJson({ ...pending, createdAt: at }), updated_at: at }).execute();
}

/**
 * Spends a pending sign-in: deletes its row and returns what it held, or null when the state is unknown, already spent
 * or expired. The DELETE … RETURNING is atomic on both engines: of concurrent callers with the same state, one wins.
 */
export async function consumeOidcState(db: Kysely<Tables>, now: Date, state: string): Promise<PendingOidcSignIn | null> {
  const row = await db.deleteFrom('settings').where('key', '=', stateKey(state)).returning(['value']).executeTakeFirst();
  if (!row) return null;
  const value = readJson<Partial<PendingOidcSignIn> & { createdAt?: string }>(row.value, {});
  if (!value.nonce || !value.codeVerifier || !value.createdAt) return null;
  if (now.getTime() - Date.parse(value.createdAt) > OIDC_STATE_TTL_SECONDS * 1000) return null;
  return { nonce: value.nonce, codeVerifier: value.codeVerifier };
}

export interface OidcSignInSettings {
  roleMap: SsoRoleMap;
  /** Claim holding the user's groups (default `groups`); a dotted path reaches nested claims. */
  groupsClaim: string;
  /** Create an account on the first sign-in of someone unknown (otherwise refused). */
  createAccounts: boolean;
}

export type OidcSignInResult = {
  accountId: string;
  /** How the account was found: by its identity, linked now by verified e-mail, or created now. */
  via: 'identity' | 'linked' | 'created';
  grants: { role: string; orgUnitId: string | null }[];
} & (
  | { session: NewSession; pendingToken?: undefined }
  /** The account has two-factor on: the provider's word opens a pending sign-in that the account's own code completes. */
  | { session?: undefined; pendingToken: string }
);

/** The actor recorded on history events and on grants coming from the identity provider. */
export const OIDC_ACTOR = 'oidc';

type Refusal = { reason: string; accountId: string | null; login: string | null };

/**
 * Signs in the person the provider vouched for. `claims` are the ID token's claims merged with userinfo (already
 * verified by the caller: signature, issuer, audience, nonce); `issuer` is the provider's issuer identifier.
 *
 * The account is the one linked to (issuer, subject); failing that, one matching the e-mail when the provider says it
 * is verified (an account with that e-mail, or the account of the person with that e-mail), which is then linked;
 * failing that, a new account (linked to the person with that e-mail, if any) when `createAccounts` allows. A
 * deactivated account, or one whose person is inactive, is refused with SSO_ACCOUNT_INACTIVE and nothing is written.
 * Grants from the role map replace the previous SSO grants (`created_by = 'oidc'`); grants given by hand stay.
 * An account with two-factor on gets no session yet: as after a password, a pending sign-in is opened that its TOTP or
 * recovery code completes (`completeTwoFactorSignIn`), so the provider alone never stands in for the second factor
 * the account holder set up here. Every outcome goes to the security log.
 */
export async function oidcSignIn(ctx: Context, input: { issuer: string; claims: Readonly<Record<string, unknown>> }, settings: OidcSignInSettings, client: Client): Promise<OidcSignInResult> {
  const db = ctx.database.db;
  const now = ctx.now();
  const subject = typeof input.claims['sub'] === 'string' ? input.claims['sub'] : null;
  let refusal: Refusal = { reason: 'error', accountId: null, login: null };
  const refuse = (code: 'SSO_ACCOUNT_INACTIVE' | 'FORBIDDEN' | 'UNAUTHENTICATED', reason: string, detail: string, account?: { id: string; login: string } | null): never => {
    refusal = { reason, accountId: account?.id ?? null, login: account?.login ?? null };
    throw new AppError(code, detail);
  };
  try {
    const result = await runChange({ ...ctx, actor: OIDC_ACTOR }, 'Single sign-on', async (tx, nowIso) => {
      const verdict = ssoIdentity(input.claims);
      if (!verdict.ok) return refuse('UNAUTHENTICATED', 'no_subject', 'The identity provider sent no subject');
      const who = verdict.value;
      const events: EventInput[] = [];

      const found = await findAccount(tx, input.issuer, who.subject, who.verifiedEmail, who.emailKey);
      if (found.kind === 'ambiguous') return refuse('FORBIDDEN', 'ambiguous_email', 'Several accounts match this e-mail address: an administrator must link the account');
      if (found.kind === 'taken') return refuse('FORBIDDEN', 'email_account_linked_elsewhere', 'The account with this e-mail address is linked to another identity at this provider', found.account);
      if (found.kind === 'unproven') {
        return refuse('FORBIDDEN', 'email_not_proven', 'An account with this e-mail address signs in with a password: an administrator links it to its person in the register first', found.account);
      }
      let accountId: string;
      let via: OidcSignInResult['via'];
      if (found.kind === 'account') {
        if (!found.account.active) return refuse('SSO_ACCOUNT_INACTIVE', 'inactive', 'This account is deactivated', found.account);
        if (found.account.personActive === false) return refuse('SSO_ACCOUNT_INACTIVE', 'person_inactive', 'The person of this account is no longer active', found.account);
        accountId = found.account.id;
        via = found.linked ? 'identity' : 'linked';
        if (!found.linked) {
          await tx.insertInto('oidc_identities').values({ id: newId(), account_id: accountId, issuer: input.issuer, subject: who.subject, created_at: nowIso, last_login_at: nowIso }).execute();
          events.push({ entityType: 'account', entityId: accountId, action: 'update', changes: { oidcIdentity: { before: null, after: { issuer: input.issuer, subject: who.subject } } } });
        } else {
          await tx.updateTable('oidc_identities').set({ last_login_at: nowIso }).where('issuer', '=', input.issuer).where('subject', '=', who.subject).execute();
        }
      } else {
        if (found.person && !found.person.active) return refuse('SSO_ACCOUNT_INACTIVE', 'person_inactive', 'The person with this e-mail address is no longer active');
        if (!settings.createAccounts) return refuse('FORBIDDEN', 'no_account', 'There is no account for this identity; ask an administrator to create one');
        const login = await freeLogin(tx, who.preferredLogin);
        const created = await insertAccount(tx, { login, displayName: who.displayName, email: who.verifiedEmail, personId: found.person?.id ?? null }, nowIso);
        accountId = created.id;
        via = 'created';
        await tx.insertInto('oidc_identities').values({ id: newId(), account_id: accountId, issuer: input.issuer, subject: who.subject, created_at: nowIso, last_login_at: nowIso }).execute();
        events.push({ entityType: 'account', entityId: accountId, action: 'create', changes: diffRecords(null, { ...created.snapshot, oidcIdentity: { issuer: input.issuer, subject: who.subject } }) });
      }

      const grants = await replaceSsoGrants(tx, accountId, ssoGrantsFor(claimGroups(input.claims, settings.groupsClaim), settings.roleMap), nowIso);
      if (grants.changed) {
        // A change of roles ends the account's other sessions, as when an administrator changes them (the new one starts below).
        if (via !== 'created') await endAccountSessions(tx, accountId);
        events.push({ entityType: 'account', entityId: accountId, action: 'grant', changes: { ssoGrants: { before: grants.before, after: grants.after } } });
      }
      const account = await tx.selectFrom('accounts').select(['login', 'totp_enabled_at']).where('id', '=', accountId).executeTakeFirstOrThrow();
      let second: { session: NewSession } | { pendingToken: string };
      if (account.totp_enabled_at) {
        second = { pendingToken: await openPendingSignIn(tx, accountId, 'oidc', now) };
      } else {
        second = { session: await startSession(tx, accountId, 'oidc', now, client) };
      }
      return { result: { accountId, ...second, via, grants: grants.after, unresolved: grants.unresolved, login: account.login, subject: who.subject }, events };
    });
    await logSecurityEvent(db, now, {
      kind: 'login.oidc', outcome: 'success', accountId: result.accountId, login: result.login, ip: client.ip, requestId: ctx.requestId,
      detail: {
        issuer: input.issuer, subject: result.subject, via: result.via, grants: result.grants.map((g) => `${g.role}@${g.orgUnitId ?? '*'}`),
        ...(result.unresolved.length ? { unresolvedMappings: result.unresolved } : {}), ...('pendingToken' in result ? { secondFactor: 'pending' } : {}),
      },
    });
    const common = { accountId: result.accountId, via: result.via, grants: result.grants };
    return 'pendingToken' in result ? { ...common, pendingToken: result.pendingToken } : { ...common, session: result.session };
  } catch (error) {
    const code = error instanceof AppError ? error.code : 'INTERNAL';
    await logSecurityEvent(db, now, {
      kind: 'login.oidc', outcome: 'failure', accountId: refusal.accountId, login: refusal.login, ip: client.ip, requestId: ctx.requestId,
      detail: { issuer: input.issuer, subject, code, reason: error instanceof AppError ? refusal.reason : 'error' },
    });
    throw error;
  }
}

type FoundAccount = { id: string; login: string; active: boolean; personActive: boolean | null };
type Found =
  | { kind: 'account'; account: FoundAccount; linked: boolean }
  | { kind: 'none'; person: { id: string; active: boolean } | null }
  | { kind: 'ambiguous' }
  | { kind: 'taken'; account: FoundAccount }
  | { kind: 'unproven'; account: FoundAccount };

async function loadAccount(tx: Tx, id: string): Promise<FoundAccount> {
  const a = await tx.selectFrom('accounts').leftJoin('people', 'people.id', 'accounts.person_id')
    .select(['accounts.id', 'accounts.login', 'accounts.active', 'people.active as person_active']).where('accounts.id', '=', id).executeTakeFirstOrThrow();
  return { id: a.id, login: a.login, active: readBool(a.active), personActive: a.person_active === null ? null : readBool(a.person_active) };
}

async function findAccount(tx: Tx, issuer: string, subject: string, verifiedEmail: string | null, emailKey: string | null): Promise<Found> {
  const linked = await tx.selectFrom('oidc_identities').select('account_id').where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
  if (linked) return { kind: 'account', account: await loadAccount(tx, linked.account_id), linked: true };
  if (!verifiedEmail || !emailKey) return { kind: 'none', person: null };
  // Accounts keep the e-mail as typed: it matches when its comparison key (Unicode upper case) is the claim's. SQL finds
  // the candidates ignoring case and accents, alike on both engines (SQLite's upper() reaches ASCII only); the key decides.
  const byEmail = (await tx.selectFrom('accounts').select(['id', 'password_hash', 'email'])
    .where((eb) => equalsFolded(eb, engineOf(tx), 'email', verifiedEmail)).limit(50).execute())
    .filter((a) => a.email !== null && comparisonKey(a.email) === emailKey).slice(0, 3);
  const person = await tx.selectFrom('people').select(['id', 'active']).where('email_key', '=', emailKey).executeTakeFirst();
  const byPerson = person ? await tx.selectFrom('accounts').select('id').where('person_id', '=', person.id).executeTakeFirst() : undefined;
  // The e-mail of an account with a password may have been typed by its holder (their profile page), so it proves
  // nothing: matching it would hand a colleague's single sign-on, and the roles it maps to, to whoever typed it. An
  // account without a password never signed in to set one; a person's e-mail is register data that administrators keep.
  const trusted = byEmail.filter((a) => a.password_hash === null || a.id === byPerson?.id);
  const ids = new Set([...trusted.map((a) => a.id), ...(byPerson ? [byPerson.id] : [])]);
  if (ids.size > 1) return { kind: 'ambiguous' };
  const [id] = [...ids];
  const typed = byEmail.find((a) => !trusted.includes(a));
  if (!id && typed) return { kind: 'unproven', account: await loadAccount(tx, typed.id) };
  if (!id) return { kind: 'none', person: person ? { id: person.id, active: readBool(person.active) } : null };
  const account = await loadAccount(tx, id);
  // An account already linked to another subject of this provider is not re-linked by e-mail: the address may have moved.
  if (await tx.selectFrom('oidc_identities').select('id').where('account_id', '=', id).where('issuer', '=', issuer).executeTakeFirst()) return { kind: 'taken', account };
  return { kind: 'account', account, linked: false };
}

/** The preferred login, or the first of `login-2`, `login-3`… that no account uses. */
async function freeLogin(tx: Tx, preferred: string): Promise<string> {
  for (let i = 1; i <= 1000; i++) {
    const candidate = i === 1 ? preferred : `${preferred.slice(0, 95)}-${i}`;
    if (!(await tx.selectFrom('accounts').select('id').where('login_key', '=', loginKey(candidate)).executeTakeFirst())) return candidate;
  }
  throw new AppError('CONFLICT', `No free login derived from "${preferred}"`);
}

/**
 * Replaces the account's SSO grants with those the role map gives now. Role keys and org units (id, else a code that
 * names exactly one unit) that do not resolve are skipped and reported, never widened to the whole organisation.
 * A grant the account already holds by hand is not duplicated.
 */
async function replaceSsoGrants(tx: Tx, accountId: string, wanted: { role: string; orgUnit: string | null }[], nowIso: string) {
  const unresolved: { role: string; orgUnit: string | null; reason: string }[] = [];
  const desired = new Map<string, { roleId: string; role: string; orgUnitId: string | null }>();
  for (const w of wanted) {
    const role = await tx.selectFrom('roles').select(['id', 'key']).where('key', '=', w.role).executeTakeFirst();
    if (!role) { unresolved.push({ ...w, reason: 'unknown_role' }); continue; }
    let orgUnitId: string | null = null;
    if (w.orgUnit !== null) {
      const byId = await tx.selectFrom('org_units').select('id').where('id', '=', w.orgUnit).executeTakeFirst();
      const byCode = byId ? [] : await tx.selectFrom('org_units').select('id').where('code', '=', w.orgUnit).limit(2).execute();
      orgUnitId = byId?.id ?? (byCode.length === 1 ? byCode[0]!.id : null);
      if (!orgUnitId) { unresolved.push({ ...w, reason: byCode.length > 1 ? 'ambiguous_org_unit' : 'unknown_org_unit' }); continue; }
    }
    desired.set(`${role.id}\u0000${orgUnitId ?? ''}`, { roleId: role.id, role: role.key, orgUnitId });
  }
  const held = await tx.selectFrom('role_grants').innerJoin('roles', 'roles.id', 'role_grants.role_id')
    .select(['role_grants.id', 'role_grants.role_id', 'roles.key', 'role_grants.org_unit_id', 'role_grants.created_by']).where('role_grants.account_id', '=', accountId).execute();
  const keyOf = (g: { role_id: string; org_unit_id: string | null }) => `${g.role_id}\u0000${g.org_unit_id ?? ''}`;
  const byHand = new Set(held.filter((g) => g.created_by !== OIDC_ACTOR).map(keyOf));
  const previous = held.filter((g) => g.created_by === OIDC_ACTOR);
  const next = [...desired.entries()].filter(([k]) => !byHand.has(k)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const describe = (role: string, orgUnitId: string | null) => ({ role, orgUnitId });
  const before = previous.map((g) => describe(g.key, g.org_unit_id)).sort((a, b) => `${a.role}/${a.orgUnitId}`.localeCompare(`${b.role}/${b.orgUnitId}`));
  const after = next.map(([, g]) => describe(g.role, g.orgUnitId)).sort((a, b) => `${a.role}/${a.orgUnitId}`.localeCompare(`${b.role}/${b.orgUnitId}`));
  const changed = previous.length !== next.length || previous.some((g) => !desired.has(keyOf(g)) || byHand.has(keyOf(g)));
  if (changed) {
    if (previous.length) await tx.deleteFrom('role_grants').where('id', 'in', previous.map((g) => g.id)).execute();
    for (const [, g] of next) {
      await tx.insertInto('role_grants').values({ id: newId(), account_id: accountId, role_id: g.roleId, org_unit_id: g.orgUnitId, created_at: nowIso, created_by: OIDC_ACTOR }).execute();
    }
  }
  return { changed, before, after, unresolved };
}
