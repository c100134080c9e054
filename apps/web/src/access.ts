/** Types and small helpers of the account and administration pages (the access API: /auth, /accounts, /roles, /agent-tokens). */
import { notifications } from '@mantine/notifications';
import { ApiError, request } from './api';
import { instantDate } from './dates';

export interface Grant { id: string; roleKey: string; roleName: string; orgUnitId: string | null; orgUnitName: string | null }
export interface Account {
  id: string; login: string; displayName: string; email: string | null; personId: string | null; active: boolean; hasPassword: boolean; twoFactorEnabled: boolean;
  lastLoginAt: string | null; version: number; createdAt: string; updatedAt: string; grants: Grant[];
}
export interface Role { id: string; key: string; name: string; description: string; builtIn: boolean; permissions: string[]; requiresTwoFactor: boolean; version: number }
export interface PermissionInfo { key: string; description: string }
export interface ApiToken { id: string; name: string; prefix: string; access: 'read' | 'write'; expiresAt: string; lastUsedAt: string | null; revokedAt: string | null; createdAt: string }
export interface AgentToken { id: string; name: string; prefix: string; orgUnitId: string | null; expiresAt: string | null; lastUsedAt: string | null; revokedAt: string | null; createdBy: string; createdAt: string }

/** Permissions no role can carry (kept in step with `NOT_GRANTABLE` in domain/access/permissions.ts). */
export const NOT_GRANTABLE = ['public', 'self', 'inventory.submit'];

export const send = async <T>(method: 'PATCH' | 'DELETE' | 'POST', path: string, body?: unknown, ifMatch?: number) =>
  (await request<T>(method, path, { ...(body !== undefined ? { body } : method === 'POST' ? { body: {} } : {}), ifMatch: ifMatch === undefined ? null : `"${ifMatch}"` })).data;

/** A sentence for people from any failure: the problem's detail, then what was wrong with each field. */
export function errorText(e: unknown, fallback = 'Something went wrong. Try again.'): string {
  if (e instanceof ApiError) {
    if (e.status === 0) return 'The server could not be reached. Check your connection and try again.';
    // What is left when the person cancels the password confirmation (the server's detail names the API route).
    if (e.code === 'REAUTHENTICATION_REQUIRED') return 'Nothing was changed: this change needs your password confirmed. Try again and enter your password when asked.';
    const fields = e.errors.map((f) => (f.field ? `${f.field}: ${f.message}` : f.message));
    return [e.message, ...fields].filter(Boolean).join(' — ');
  }
  if (e instanceof TypeError) return 'The server could not be reached. Check your connection and try again.';
  return fallback;
}

/** The message of the field's error, for the input's `error` prop. */
export const fieldError = (e: unknown, field: string) => (e instanceof ApiError ? e.errors.find((f) => f.field === field)?.message : undefined);

/** Active, expired or revoked, with the date that decided it. */
export function tokenStatus(t: { revokedAt: string | null; expiresAt: string | null }, now = Date.now()): { label: string; color: string } {
  if (t.revokedAt) return { label: `Revoked ${instantDate(t.revokedAt)}`, color: 'gray' };
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return { label: 'Expired', color: 'gray' };
  return { label: 'Active', color: 'indigo' };
}

/** Alert titles in the library's yellow and orange fall short of WCAG AA contrast: keep them in the text colour. */
export const readableTitle = { title: { color: 'var(--mantine-color-text)' } };

/** A short confirmation in the corner; its close button is labelled for screen readers. */
export const notify = (message: string, title?: string) =>
  notifications.show({ message, ...(title ? { title } : {}), color: 'green', closeButtonProps: { 'aria-label': 'Dismiss' } });
