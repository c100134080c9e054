/**
 * Session lifetime (ASVS 7.3): a session ends after `idleMinutes` without a request or `absoluteHours` after sign-in,
 * whichever comes first. Sensitive changes (e-mail, password, two-factor) need a sign-in no older than
 * `reauthMinutes`.
 */
export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
  reauthMinutes: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMinutes: 30, absoluteHours: 12, reauthMinutes: 10 };

export interface SessionTimes {
  createdAt: string;
  lastSeenAt: string;
  reauthenticatedAt: string;
}

export type SessionVerdict = 'valid' | 'idle' | 'expired';

export function sessionVerdict(s: SessionTimes, now: Date, policy: SessionPolicy): SessionVerdict {
  const t = now.getTime();
  if (t - Date.parse(s.createdAt) >= policy.absoluteHours * 3600_000) return 'expired';
  if (t - Date.parse(s.lastSeenAt) >= policy.idleMinutes * 60_000) return 'idle';
  return 'valid';
}

export function recentlyAuthenticated(s: SessionTimes, now: Date, policy: SessionPolicy): boolean {
  return now.getTime() - Date.parse(s.reauthenticatedAt) < policy.reauthMinutes * 60_000;
}
