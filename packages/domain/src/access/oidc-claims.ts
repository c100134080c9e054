import { type Verdict, type Violation, accept, reject } from '../verdict.js';
import { comparisonKey } from '../text/safe-text.js';

/**
 * Single sign-on (OpenID Connect): what the identity provider's claims mean here. Pure rules: the role map read from
 * configuration, the identity read from the claims, and the grants a set of groups earns.
 */

/** One grant the role map gives a group: a role key, on an org unit (its code or id) or organisation-wide (null). */
export interface SsoRoleMapping { role: string; orgUnit: string | null }
/** Group name (as the provider sends it) → the grants its members receive. */
export type SsoRoleMap = Readonly<Record<string, readonly SsoRoleMapping[]>>;

/**
 * Reads the role map (CUSTODIA_OIDC_ROLE_MAP, already parsed from JSON): an object whose keys are group names and
 * whose values are lists of `{ role, orgUnit }` (`orgUnit` optional, null = organisation-wide). A single object is
 * accepted in place of a one-element list.
 */
export function parseSsoRoleMap(input: unknown): Verdict<SsoRoleMap> {
  if (input === null || input === undefined) return accept({});
  if (typeof input !== 'object' || Array.isArray(input)) return reject({ code: 'ROLE_MAP_INVALID', message: 'The role map must be an object: group name → list of { role, orgUnit }' });
  // Built with fromEntries, so a group named "__proto__" is an own key rather than a prototype change.
  const out: [string, SsoRoleMapping[]][] = [];
  const violations: Violation[] = [];
  for (const [group, value] of Object.entries(input as Record<string, unknown>)) {
    const list = Array.isArray(value) ? value : [value];
    const mappings: SsoRoleMapping[] = [];
    list.forEach((entry, i) => {
      const field = `${group}[${i}]`;
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
        violations.push({ code: 'ROLE_MAP_INVALID', field, message: 'Each entry is an object { role, orgUnit }' });
        return;
      }
      const { role, orgUnit, ...rest } = entry as Record<string, unknown>;
      if (Object.keys(rest).length) violations.push({ code: 'ROLE_MAP_INVALID', field, message: `Unknown field(s): ${Object.keys(rest).join(', ')}` });
      if (typeof role !== 'string' || !role.trim()) violations.push({ code: 'ROLE_MAP_INVALID', field: `${field}.role`, message: 'role must be a role key' });
      if (orgUnit !== undefined && orgUnit !== null && (typeof orgUnit !== 'string' || !orgUnit.trim())) {
        violations.push({ code: 'ROLE_MAP_INVALID', field: `${field}.orgUnit`, message: 'orgUnit must be an org-unit code or id, or null' });
      }
      if (typeof role === 'string' && role.trim()) mappings.push({ role: role.trim(), orgUnit: typeof orgUnit === 'string' && orgUnit.trim() ? orgUnit.trim() : null });
    });
    out.push([group, mappings]);
  }
  return violations.length ? { ok: false, violations } : accept(Object.fromEntries(out));
}

/**
 * The groups a claim set carries. `claim` is a claim name (`groups`, `https://example.com/groups`) or, when no claim
 * has that exact name, a dotted path into nested claims (`realm_access.roles`). A list of strings, or one string.
 */
export function claimGroups(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  let value: unknown = claims[claim];
  if (value === undefined && claim.includes('.')) {
    value = claim.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[k] : undefined), claims);
  }
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return [...new Set(list.filter((g): g is string => typeof g === 'string' && g.length > 0))];
}

/**
 * The grants a member of `groups` receives: every mapping of every group, each (role, org unit) once, in a stable
 * order. Groups the map does not name give nothing; so does a claim without groups.
 */
export function ssoGrantsFor(groups: readonly string[], map: SsoRoleMap): SsoRoleMapping[] {
  const seen = new Map<string, SsoRoleMapping>();
  for (const group of groups) {
    if (!Object.hasOwn(map, group)) continue;
    for (const m of map[group] ?? []) seen.set(`${m.role}\u0000${m.orgUnit ?? ''}`, { role: m.role, orgUnit: m.orgUnit });
  }
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
}

/** Who the provider says signed in, as far as this application cares. */
export interface SsoIdentity {
  subject: string;
  /** Only when the provider vouches for it (`email_verified`); an unverified address is never used to match. */
  verifiedEmail: string | null;
  /** Case-folded `verifiedEmail` (as `people.email_key`). */
  emailKey: string | null;
  email: string | null;
  displayName: string;
  /** The login a new account gets (before making it unique). */
  preferredLogin: string;
}

const text = (v: unknown, max = 200): string | null => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : null);
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Reads the identity from the ID token and userinfo claims; refuses claims without a subject. */
export function ssoIdentity(claims: Readonly<Record<string, unknown>>): Verdict<SsoIdentity> {
  const subject = text(claims['sub'], 255);
  if (!subject) return reject({ code: 'SUBJECT_MISSING', field: 'sub', message: 'The provider sent no subject' });
  const rawEmail = text(claims['email'], 254);
  const email = rawEmail && EMAIL.test(rawEmail) ? rawEmail : null;
  // Some providers send the flag as a string.
  const verified = claims['email_verified'] === true || claims['email_verified'] === 'true';
  const verifiedEmail = verified ? email : null;
  const displayName = text(claims['name']) ?? ([text(claims['given_name']), text(claims['family_name'])].filter(Boolean).join(' ') || null) ?? text(claims['preferred_username']) ?? email ?? subject;
  const loginCandidate = (text(claims['preferred_username'], 100) ?? email ?? `sso-${subject}`).replace(/\s+/g, '.').replace(/^@+/, '');
  return accept({
    subject, verifiedEmail, emailKey: verifiedEmail ? comparisonKey(verifiedEmail) : null, email,
    displayName: displayName.slice(0, 200), preferredLogin: (loginCandidate || `sso-${subject}`).slice(0, 100),
  });
}
