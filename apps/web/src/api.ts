/** The API client of the web app: JSON over fetch with the session cookie, the CSRF token on writes, problems as errors. */
import type { NotProposedReason, ProposalReason } from '@custodia/domain';

export interface FieldError { field?: string; code: string; message: string; line?: number; column?: string }

/** An RFC 9457 problem answer, kept whole so pages can show its message and per-field errors. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly errors: FieldError[] = [], readonly body: Record<string, unknown> = {}) {
    super(message);
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => { csrfToken = token; };
/** The session's CSRF token, for requests sent without `request` (uploads with progress). */
export const currentCsrfToken = () => csrfToken;

export interface ApiResult<T> { data: T; etag: string | null }

let sessionEnded: (() => void) | null = null;
/**
 * Called when the server answers 401 (UNAUTHENTICATED) to a signed-in page: the session ended — signed out elsewhere,
 * a role of this account changed, idle too long — so the app goes back to signing in instead of failing call by call.
 */
export function onSessionEnded(callback: (() => void) | null): void {
  sessionEnded = callback;
}

let confirmPassword: (() => Promise<boolean>) | null = null;
let asking: Promise<boolean> | null = null;
/**
 * Routes that change who may do what (another account's password or roles, your e-mail, two-factor, tokens) answer 401
 * REAUTHENTICATION_REQUIRED when the session has not confirmed its password in the last minutes. The app root
 * (`ReauthProvider`) registers here how to ask for it: resolve true once the password is confirmed, false if the
 * person cancels. Every request then retries itself once after a confirmation, so no page opts in, and a cancel
 * leaves the original error to the page that sent the request. Requests refused while the question is open wait for
 * the same answer: the password is asked once.
 */
export function onReauthenticationRequired(callback: (() => Promise<boolean>) | null): void {
  confirmPassword = callback;
}
function confirmOnce(ask: () => Promise<boolean>): Promise<boolean> {
  asking ??= ask().finally(() => { asking = null; });
  return asking;
}
/** These routes check a password sent in their own body and answer the same code when it is wrong: never retried. */
const CHECKS_ITS_OWN_PASSWORD = new Set(['/api/v1/auth/reauthenticate', '/api/v1/auth/password']);

type RequestOptions = { body?: unknown; raw?: BodyInit; contentType?: string; ifMatch?: string | null };

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<ApiResult<T>> {
  try {
    return await send<T>(method, path, options);
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'REAUTHENTICATION_REQUIRED') || CHECKS_ITS_OWN_PASSWORD.has(path) || !confirmPassword) throw e;
    if (!(await confirmOnce(confirmPassword))) throw e;
    return send<T>(method, path, options);
  }
}

async function send<T>(method: string, path: string, options: RequestOptions): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.contentType) headers['content-type'] = options.contentType;
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.ifMatch) headers['if-match'] = options.ifMatch;
  const res = await fetch(path, {
    method, headers, credentials: 'same-origin',
    ...(options.raw !== undefined ? { body: options.raw } : options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = null;
  try { parsed = text ? JSON.parse(text) : null; } catch { parsed = text; }
  if (!res.ok) {
    const p = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
    if (res.status === 401 && p['code'] === 'UNAUTHENTICATED' && !path.startsWith('/api/v1/auth/')) sessionEnded?.();
    throw new ApiError(res.status, String(p['code'] ?? 'HTTP_ERROR'), String(p['detail'] ?? p['title'] ?? res.statusText), (p['errors'] as FieldError[]) ?? [], p);
  }
  return { data: parsed as T, etag: res.headers.get('etag') };
}

export const get = async <T>(path: string) => (await request<T>('GET', path)).data;
export const post = async <T>(path: string, body?: unknown, ifMatch?: string | null) => (await request<T>('POST', path, { body: body ?? {}, ifMatch: ifMatch ?? null })).data;

/** Builds a query string from the defined, non-empty values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export interface Page<T> { items: T[]; nextCursor: string | null; total?: number }

export interface Asset {
  id: string; tag: string; name: string; assetTypeId: string; lifecycleModelId: string; modelId: string | null; manufacturerId: string | null; serial: string | null;
  stage: string; ownerOrgUnitId: string | null; custodianId: string | null; assignedPersonId: string | null; expectedReturnDate: string | null; locationId: string | null;
  purchaseDate: string | null; purchaseCostMinor: number | null; purchaseCurrency: string | null; supplierId: string | null; orderReference: string | null;
  invoiceReference: string | null; warrantyEnd: string | null; eolDate: string | null; services: string[]; notes: string | null; attributes: Record<string, unknown>;
  lastVerifiedOn: string | null; version: number; createdAt: string; updatedAt: string;
}

export interface FieldDefinition {
  key: string; label: string; type: string; required?: boolean; unique?: boolean; options?: string[]; optionLabels?: Record<string, string>; min?: number; max?: number; pattern?: string; sensitive?: boolean; help?: string; default?: unknown;
  monitor?: { label: string; leadDays: number };
}

export interface AssetType { id: string; key: string; name: string; category: string; attributeSchema: FieldDefinition[]; lifecycleModelId: string; tagPattern: string; usagePolicy: string | null; version: number }
export interface Stage { key: string; name: string; kind: string }
export interface LifecycleModel { id: string; key: string; version: number; name: string; definition: { stages: Stage[]; transitions: { key: string; name: string; from: string[]; to: string; fields?: FieldDefinition[]; effects?: string[] }[] } }
export interface AllowedTransition { key: string; name: string; to: string; fields: FieldDefinition[]; effects: string[]; blockedBy: { code: string; message: string }[] }
/** A usage policy that applies to an asset (GET /assets/{id}/policies): its asset type's or its catalogue model's. */
export interface AssetPolicy { source: 'type' | 'model'; id: string; name: string; text: string }
/** A catalogue model's stock and its substitutes in stock (GET /models/{id}/availability), in the caller's scope. */
export interface ModelAvailability {
  model: { id: string; name: string; substitutionGroup: string | null; eolDate: string | null };
  inStock: number;
  proposals: { modelId: string; name: string; eolDate: string | null; reason: ProposalReason; inStock: number; locations: { locationId: string | null; count: number }[]; stages: string[] }[];
  notProposed: { modelId: string; name: string; eolDate: string | null; reason: NotProposedReason; inStock: number }[];
}
/** A contract covering an asset (GET /assets/{id}/coverage), `active` on the organisation's today. */
export interface CoverageParty { id: string; tag: string; name: string; stage: string }
export interface Coverage { id: string; contract: CoverageParty; asset: CoverageParty; startsOn: string | null; endsOn: string | null; note: string | null; active: boolean; createdAt: string; createdBy: string }
export interface CoverageList { role: 'contract' | 'covered'; items: Coverage[]; nextCursor: string | null; coveredUntil: { covered: boolean; until: string | null } | null; today: string }
export interface HistoryEvent { seq: number; action: string; actor: string; actorName?: string | null; source: string; reason: string | null; occurredAt: string; changes: Record<string, { before: unknown; after: unknown }> }
export interface Named { id: string; name: string; code?: string | null; email?: string | null; path?: string }

export interface SessionInfo {
  account: { id: string; login: string; displayName: string; email: string | null; twoFactorEnabled: boolean; grants: { roleKey: string; roleName: string; orgUnitName: string | null }[] };
  permissions: string[];
  csrfToken: string | null;
  twoFactorSetupRequired: boolean;
  /** The organisation's time zone (IANA name): the server's today, due and overdue dates are of this zone. */
  timeZone: string;
}
