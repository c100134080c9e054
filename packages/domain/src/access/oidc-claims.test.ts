import { describe, expect, it } from 'vitest';
import { claimGroups, parseSsoRoleMap, ssoGrantsFor, ssoIdentity } from './oidc-claims.js';

describe('parseSsoRoleMap', () => {
  it('reads group → list of { role, orgUnit }, orgUnit optional (organisation-wide), a single object as a list', () => {
    const v = parseSsoRoleMap({ admins: [{ role: 'system_administrator', orgUnit: null }], 'it-fr': { role: 'custodian', orgUnit: 'FR' }, staff: [{ role: 'asset_consumer' }] });
    expect(v).toEqual({ ok: true, value: { admins: [{ role: 'system_administrator', orgUnit: null }], 'it-fr': [{ role: 'custodian', orgUnit: 'FR' }], staff: [{ role: 'asset_consumer', orgUnit: null }] } });
  });

  it('treats no map as an empty one', () => {
    expect(parseSsoRoleMap(undefined)).toEqual({ ok: true, value: {} });
    expect(parseSsoRoleMap(null)).toEqual({ ok: true, value: {} });
  });

  it.each([
    ['a list', [{ role: 'x' }]],
    ['a string', 'admins'],
    ['an entry without a role', { g: [{ orgUnit: 'FR' }] }],
    ['an empty role', { g: [{ role: ' ' }] }],
    ['a numeric org unit', { g: [{ role: 'auditor', orgUnit: 3 }] }],
    ['an unknown field', { g: [{ role: 'auditor', scope: 'all' }] }],
    ['an entry that is not an object', { g: ['auditor'] }],
  ])('refuses %s', (_what, input) => {
    const v = parseSsoRoleMap(input);
    expect(v.ok).toBe(false);
    if (!v.ok) expect(v.violations.every((x) => x.code === 'ROLE_MAP_INVALID')).toBe(true);
  });
});

describe('claimGroups', () => {
  it('reads a list, a single string, a namespaced claim or a dotted path; ignores non-strings and repeats', () => {
    expect(claimGroups({ groups: ['a', 'b', 'a', 3, ''] }, 'groups')).toEqual(['a', 'b']);
    expect(claimGroups({ groups: 'a' }, 'groups')).toEqual(['a']);
    expect(claimGroups({ 'https://example.com/groups': ['x'] }, 'https://example.com/groups')).toEqual(['x']);
    expect(claimGroups({ realm_access: { roles: ['r1', 'r2'] } }, 'realm_access.roles')).toEqual(['r1', 'r2']);
  });

  it('gives nothing when the claim is missing or of another type', () => {
    expect(claimGroups({}, 'groups')).toEqual([]);
    expect(claimGroups({ groups: { a: 1 } }, 'groups')).toEqual([]);
    expect(claimGroups({ realm_access: ['x'] }, 'realm_access.roles')).toEqual([]);
  });
});

describe('ssoGrantsFor', () => {
  const map = {
    admins: [{ role: 'system_administrator', orgUnit: null }, { role: 'it_asset_manager', orgUnit: null }],
    'it-fr': [{ role: 'custodian', orgUnit: 'FR' }],
    'it-all': [{ role: 'custodian', orgUnit: 'FR' }, { role: 'custodian', orgUnit: 'DE' }],
  };

  it('unions the grants of every mapped group, each (role, org unit) once, in a stable order', () => {
    expect(ssoGrantsFor(['it-fr', 'it-all', 'unmapped'], map)).toEqual([{ role: 'custodian', orgUnit: 'DE' }, { role: 'custodian', orgUnit: 'FR' }]);
    expect(ssoGrantsFor(['admins'], map)).toEqual(ssoGrantsFor(['admins', 'admins'], map));
    expect(ssoGrantsFor(['it-all', 'it-fr'], map)).toEqual(ssoGrantsFor(['it-fr', 'it-all'], map));
  });

  it('gives nothing for no or unmapped groups, and ignores inherited object keys', () => {
    expect(ssoGrantsFor([], map)).toEqual([]);
    expect(ssoGrantsFor(['staff', 'constructor', '__proto__', 'toString'], map)).toEqual([]);
  });
});

describe('ssoIdentity', () => {
  it('uses the e-mail for matching only when the provider says it is verified', () => {
    const verified = ssoIdentity({ sub: 's1', email: 'Ada@Example.org', email_verified: true, name: 'Ada Lovelace', preferred_username: 'ada' });
    expect(verified).toEqual({ ok: true, value: { subject: 's1', verifiedEmail: 'Ada@Example.org', emailKey: 'ADA@EXAMPLE.ORG', email: 'Ada@Example.org', displayName: 'Ada Lovelace', preferredLogin: 'ada' } });
    const unverified = ssoIdentity({ sub: 's1', email: 'ada@example.org', email_verified: false });
    expect(unverified.ok && unverified.value).toMatchObject({ verifiedEmail: null, emailKey: null, email: 'ada@example.org' });
    const missing = ssoIdentity({ sub: 's1', email: 'ada@example.org' });
    expect(missing.ok && missing.value.verifiedEmail).toBeNull();
    const stringFlag = ssoIdentity({ sub: 's1', email: 'ada@example.org', email_verified: 'true' });
    expect(stringFlag.ok && stringFlag.value.verifiedEmail).toBe('ada@example.org');
  });

  it('falls back for the display name and the login: name, given + family, username, e-mail, subject', () => {
    const v = (c: Record<string, unknown>) => { const r = ssoIdentity(c); if (!r.ok) throw new Error('refused'); return r.value; };
    expect(v({ sub: 's', given_name: 'Ada', family_name: 'Lovelace' }).displayName).toBe('Ada Lovelace');
    expect(v({ sub: 's', email: 'a@b.c' })).toMatchObject({ displayName: 'a@b.c', preferredLogin: 'a@b.c' });
    expect(v({ sub: 'abc' })).toMatchObject({ displayName: 'abc', preferredLogin: 'sso-abc' });
    expect(v({ sub: 's', preferred_username: 'ada lovelace' }).preferredLogin).toBe('ada.lovelace');
    expect(v({ sub: 's', email: 'not an e-mail', email_verified: true }).verifiedEmail).toBeNull();
  });

  it('refuses claims without a subject', () => {
    expect(ssoIdentity({ email: 'a@b.c' }).ok).toBe(false);
    expect(ssoIdentity({ sub: '' }).ok).toBe(false);
    expect(ssoIdentity({ sub: 42 }).ok).toBe(false);
  });
});

describe('a group named like an object key', () => {
  it('maps "__proto__" as an ordinary group name', () => {
    const v = parseSsoRoleMap(JSON.parse('{"__proto__":[{"role":"auditor"}]}'));
    expect(v.ok).toBe(true);
    if (v.ok) {
      expect(ssoGrantsFor(['__proto__'], v.value)).toEqual([{ role: 'auditor', orgUnit: null }]);
      expect(Object.getPrototypeOf(v.value)).toBe(Object.prototype);
    }
  });
});
