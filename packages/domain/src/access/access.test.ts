import { describe, expect, it } from 'vitest';
import { BUILT_IN_ROLES } from './roles.js';
import { NOT_GRANTABLE, ORGANISATION_WIDE_WRITES, PERMISSION_KEYS, READ_ONLY_PERMISSIONS, isPermission } from './permissions.js';
import { type Grant, SCOPE_ALL, SCOPE_NONE, covers, inScope, scopeOf, usablePermissions } from './scope.js';
import { checkPassword } from './password-policy.js';
import { notDelegable, outranking } from './delegation.js';
import { ACCOUNT_THROTTLE, recordFailure, refundAttempt, throttleWait } from './throttle.js';
import { DEFAULT_SESSION_POLICY, recentlyAuthenticated, sessionVerdict } from './session-policy.js';

describe('built-in roles', () => {
  it.each(BUILT_IN_ROLES.map((r) => [r.key, r] as const))('%s carries only defined, grantable permissions, each once', (_key, role) => {
    for (const p of role.permissions) {
      expect(isPermission(p), p).toBe(true);
      expect(NOT_GRANTABLE, p).not.toContain(p);
    }
    expect(new Set(role.permissions).size).toBe(role.permissions.length);
  });

  it('has the ITIL roles plus a system administrator, with unique keys', () => {
    expect(BUILT_IN_ROLES.map((r) => r.key).sort()).toEqual(['asset_consumer', 'asset_owner', 'auditor', 'custodian', 'it_asset_analyst', 'it_asset_manager', 'licence_manager', 'register_administrator', 'system_administrator']);
  });

  it('the auditor and the analyst change nothing in the register (the auditor plans and records audits only)', () => {
    for (const key of ['auditor', 'it_asset_analyst']) {
      const role = BUILT_IN_ROLES.find((r) => r.key === key)!;
      expect(role.permissions.filter((p) => !READ_ONLY_PERMISSIONS.includes(p) && p !== 'audits.record' && p !== 'audits.plan')).toEqual([]);
    }
  });

  it('the consumer has self-service only; the system administrator holds no register writes', () => {
    expect(BUILT_IN_ROLES.find((r) => r.key === 'asset_consumer')!.permissions).toEqual(['self.assets']);
    expect(BUILT_IN_ROLES.find((r) => r.key === 'system_administrator')!.permissions.filter((p) => p.startsWith('assets.') || p === 'register.write')).toEqual([]);
  });

  it('every grantable permission is carried by some built-in role', () => {
    const carried = new Set(BUILT_IN_ROLES.flatMap((r) => r.permissions));
    expect(PERMISSION_KEYS.filter((p) => !NOT_GRANTABLE.includes(p) && !carried.has(p))).toEqual([]);
  });
});

describe('scopeOf', () => {
  const g = (unitPath: string | null, permissions: Grant['permissions'] = ['assets.read', 'register.write']): Grant => ({ roleKey: 'r', permissions, unitPath });

  it('is none without a grant holding the permission, all with an organisation-wide one', () => {
    expect(scopeOf([], 'assets.read')).toEqual(SCOPE_NONE);
    expect(scopeOf([g('/a/', ['assets.write'])], 'assets.read')).toEqual(SCOPE_NONE);
    expect(scopeOf([g('/a/'), g(null)], 'assets.read')).toEqual(SCOPE_ALL);
  });

  it('unions subtrees and keeps only their tops', () => {
    expect(scopeOf([g('/a/b/'), g('/a/'), g('/c/'), g('/a/b/d/')], 'assets.read')).toEqual({ kind: 'units', paths: ['/a/', '/c/'] });
  });

  it.each(ORGANISATION_WIDE_WRITES.map((p) => [p]))('%s on a subtree is no grant at all', (p) => {
    expect(scopeOf([g('/a/', [p])], p)).toEqual(SCOPE_NONE);
    expect(scopeOf([g(null, [p])], p)).toEqual(SCOPE_ALL);
  });

  it('usablePermissions: what the account can use somewhere, so an organisation-wide one held on a unit is left out', () => {
    expect([...usablePermissions([g('/a/')])]).toEqual(['assets.read']);
    expect([...usablePermissions([g('/a/'), g(null, ['register.write'])])].sort()).toEqual(['assets.read', 'register.write']);
    expect([...usablePermissions([])]).toEqual([]);
  });

  it('covers: an outer scope reaches every subtree of the inner one', () => {
    const units = (...paths: string[]) => ({ kind: 'units' as const, paths });
    expect(covers(SCOPE_ALL, SCOPE_ALL)).toBe(true);
    expect(covers(units('/a/'), SCOPE_ALL)).toBe(false);
    expect(covers(units('/a/'), units('/a/'))).toBe(true);
    expect(covers(units('/a/'), units('/a/b/', '/a/c/'))).toBe(true);
    expect(covers(units('/a/'), units('/a/b/', '/d/'))).toBe(false);
    expect(covers(units('/a/b/'), units('/a/'))).toBe(false);
    expect(covers(SCOPE_NONE, units('/a/'))).toBe(false);
    expect(covers(SCOPE_NONE, SCOPE_NONE)).toBe(true);
  });

  it('inScope: descendants yes, siblings and records without an org unit no', () => {
    const s = scopeOf([g('/a/')], 'assets.read');
    expect(inScope(s, '/a/')).toBe(true);
    expect(inScope(s, '/a/x/y/')).toBe(true);
    expect(inScope(s, '/ab/')).toBe(false);
    expect(inScope(s, null)).toBe(false);
    expect(inScope(SCOPE_ALL, null)).toBe(true);
    expect(inScope(SCOPE_NONE, '/a/')).toBe(false);
  });
});

describe('delegation', () => {
  const grant = (key: string, unitPath: string | null): Grant => ({ roleKey: key, permissions: BUILT_IN_ROLES.find((r) => r.key === key)!.permissions, unitPath });
  const pairs = BUILT_IN_ROLES.flatMap((a) => BUILT_IN_ROLES.map((b) => [a.key, b.key] as const));
  it.each(pairs)('an organisation-wide %s can grant %s organisation-wide exactly when it holds all of its permissions (a system administrator: always)', (a, b) => {
    const caller = [grant(a, null)];
    const missing = a === 'system_administrator' ? [] : grant(b, null).permissions.filter((p) => !grant(a, null).permissions.includes(p));
    expect(notDelegable(caller, grant(b, null).permissions, null)).toEqual([...new Set(missing)].sort());
    expect(outranking(caller, [grant(b, null)])).toEqual([...new Set(missing)].sort());
  });
  it('a grant on a unit delegates within its subtree only, and never organisation-wide', () => {
    const caller = [grant('it_asset_manager', '/FR/')];
    const custodian = grant('custodian', null).permissions;
    expect(notDelegable(caller, custodian, '/FR/LYON/')).toEqual([]);
    expect(notDelegable(caller, custodian, '/FR/')).toEqual([]);
    expect(notDelegable(caller, custodian, '/DE/').length).toBeGreaterThan(0);
    expect(notDelegable(caller, custodian, null).length).toBeGreaterThan(0);
    expect(outranking(caller, [grant('custodian', '/FR/LYON/')])).toEqual([]);
    expect(outranking(caller, [grant('custodian', '/DE/')]).length).toBeGreaterThan(0);
    expect(outranking([grant('it_asset_manager', null)], [grant('custodian', '/DE/'), grant('custodian', '/FR/')])).toEqual([]);
    expect(outranking([grant('system_administrator', null)], [grant('custodian', '/DE/'), grant('system_administrator', null)])).toEqual([]);
    // A system administrator on one unit only is no administrator of everything.
    expect(outranking([grant('system_administrator', '/FR/')], [grant('custodian', '/FR/')])).toContain('assets.write');
    // A custom role holding some administration: only what it holds.
    const helpdesk: Grant = { roleKey: 'helpdesk', permissions: ['accounts.read', 'accounts.manage'], unitPath: null };
    expect(notDelegable([helpdesk], grant('system_administrator', null).permissions, null)).toContain('roles.manage');
    expect(outranking([helpdesk], [grant('system_administrator', null)])).toContain('security.read');
  });
});

describe('checkPassword (ASVS 6.2)', () => {
  it.each([
    ['short', 'PASSWORD_TOO_SHORT'], ['1234567', 'PASSWORD_TOO_SHORT'], ['password', 'PASSWORD_TOO_COMMON'], ['Password1', 'PASSWORD_TOO_COMMON'], ['x'.repeat(129), 'PASSWORD_TOO_LONG'],
  ])('refuses %j (%s)', (pw, code) => {
    expect(checkPassword(pw).map((e) => e.code)).toContain(code);
  });
  it.each(['correct horse battery', 'abcdefgh', '😀😀😀😀😀😀😀😀', '        spaces ok', 'x'.repeat(128)])('accepts %j, with no composition rules', (pw) => {
    expect(checkPassword(pw)).toEqual([]);
  });
  it('refuses the login name as the password', () => {
    expect(checkPassword('jean-pierre', { login: 'Jean-Pierre' }).map((e) => e.code)).toEqual(['PASSWORD_IS_LOGIN']);
  });
});

describe('throttle', () => {
  const t0 = new Date('2026-11-29T10:00:00Z');
  it('lets the first failures through, then doubles the wait up to the cap, and a window expiry resets it', () => {
    let s = null as ReturnType<typeof recordFailure> | null;
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) { s = recordFailure(s, t0, ACCOUNT_THROTTLE); waits.push(throttleWait(s, t0)); }
    expect(waits.slice(0, 4)).toEqual([0, 0, 0, 0]);
    expect(waits.slice(4, 8)).toEqual([2, 4, 8, 16]);
    expect(Math.max(...waits)).toBeLessThanOrEqual(ACCOUNT_THROTTLE.maxDelaySeconds);
    const later = new Date(t0.getTime() + (ACCOUNT_THROTTLE.windowSeconds + 1) * 1000);
    expect(throttleWait(s, later)).toBe(0);
    expect(recordFailure(s, later, ACCOUNT_THROTTLE).failures).toBe(1);
  });
  it('gives back an attempt counted in advance that succeeded, unblocking under the free attempts', () => {
    let s = null as ReturnType<typeof recordFailure> | null;
    for (let i = 0; i < 5; i++) s = recordFailure(s, t0, ACCOUNT_THROTTLE);
    expect(throttleWait(s, t0)).toBe(2);
    const refunded = refundAttempt(s!, t0, ACCOUNT_THROTTLE);
    expect(refunded.failures).toBe(4);
    expect(throttleWait(refunded, t0)).toBe(0);
    const six = recordFailure(s, t0, ACCOUNT_THROTTLE);
    expect(refundAttempt(six, t0, ACCOUNT_THROTTLE)).toMatchObject({ failures: 5, blockedUntil: six.blockedUntil });
    // A window that started after the attempt was counted does not hold it.
    const fresh = recordFailure(null, new Date(t0.getTime() + 1000), ACCOUNT_THROTTLE);
    expect(refundAttempt(fresh, t0, ACCOUNT_THROTTLE)).toEqual(fresh);
  });
});

describe('session policy', () => {
  const at = '2026-11-29T10:00:00.000Z';
  const s = { createdAt: at, lastSeenAt: at, reauthenticatedAt: at };
  const plus = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000);
  it('ends idle and old sessions', () => {
    expect(sessionVerdict(s, plus(29), DEFAULT_SESSION_POLICY)).toBe('valid');
    expect(sessionVerdict(s, plus(30), DEFAULT_SESSION_POLICY)).toBe('idle');
    expect(sessionVerdict({ ...s, lastSeenAt: plus(12 * 60 - 1).toISOString() }, plus(12 * 60), DEFAULT_SESSION_POLICY)).toBe('expired');
  });
  it('asks for the password again after the re-authentication window', () => {
    expect(recentlyAuthenticated(s, plus(9), DEFAULT_SESSION_POLICY)).toBe(true);
    expect(recentlyAuthenticated(s, plus(10), DEFAULT_SESSION_POLICY)).toBe(false);
  });
});
