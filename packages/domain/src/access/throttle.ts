/**
 * Sign-in throttling (ASVS 6.3.1), per account and per client address, as a pure rule over counters kept in the
 * database. Once `freeAttempts` failures have happened inside the window, each further attempt must wait; the wait doubles per
 * failure up to `maxDelaySeconds`. An account is never locked for good (an attacker could otherwise lock the
 * administrator out): a correct password after the wait always works, and a success resets the account's counter.
 */
export interface ThrottlePolicy {
  freeAttempts: number;
  windowSeconds: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export const ACCOUNT_THROTTLE: ThrottlePolicy = { freeAttempts: 5, windowSeconds: 15 * 60, baseDelaySeconds: 2, maxDelaySeconds: 5 * 60 };
/**
 * Second-factor codes, per account, across pending sign-ins: a correct password does not reset it (the password is
 * what an attacker guessing codes already has). Six-digit codes allow little guessing: a handful free, then waits
 * that grow to an hour.
 */
export const SECOND_FACTOR_THROTTLE: ThrottlePolicy = { freeAttempts: 5, windowSeconds: 60 * 60, baseDelaySeconds: 30, maxDelaySeconds: 60 * 60 };
/** Per address: more generous (offices share addresses behind NAT), but it stops one host spraying many accounts. */
export const ADDRESS_THROTTLE: ThrottlePolicy = { freeAttempts: 20, windowSeconds: 15 * 60, baseDelaySeconds: 2, maxDelaySeconds: 15 * 60 };

export interface ThrottleState {
  failures: number;
  windowStartedAt: string;
  blockedUntil: string | null;
}

/** Seconds to wait before another attempt is considered, or 0. */
export function throttleWait(state: ThrottleState | null, now: Date): number {
  if (!state?.blockedUntil) return 0;
  const wait = Date.parse(state.blockedUntil) - now.getTime();
  return wait > 0 ? Math.ceil(wait / 1000) : 0;
}

/** The counter after one more failure at `now`. */
export function recordFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy): ThrottleState {
  const expired = !state || now.getTime() - Date.parse(state.windowStartedAt) > policy.windowSeconds * 1000;
  const failures = expired ? 1 : state.failures + 1;
  const windowStartedAt = expired ? now.toISOString() : state.windowStartedAt;
  const over = failures - policy.freeAttempts + 1;
  if (over <= 0) return { failures, windowStartedAt, blockedUntil: null };
  const delay = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** Math.min(over - 1, 30));
  return { failures, windowStartedAt, blockedUntil: new Date(now.getTime() + delay * 1000).toISOString() };
}

/**
 * The counter after an attempt counted in advance turned out well (a correct password from a shared address): one
 * failure fewer, and no longer blocked once under the free attempts. A counter from an earlier window is left alone.
 */
export function refundAttempt(state: ThrottleState, countedAt: Date, policy: ThrottlePolicy): ThrottleState {
  if (Date.parse(state.windowStartedAt) > countedAt.getTime() || state.failures <= 0) return state;
  const failures = state.failures - 1;
  return { failures, windowStartedAt: state.windowStartedAt, blockedUntil: failures < policy.freeAttempts ? null : state.blockedUntil };
}
