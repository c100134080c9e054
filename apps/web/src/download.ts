import { ApiError, type FieldError } from './api';

/** How much of a download has arrived; `total` when the server announced it. */
export interface DownloadProgress { received: number; total: number | null }

/** Received bytes are handed to the browser's blob store in parts of this size, so a large export does not stay in the page's heap. */
const PART_BYTES = 8 * 1024 * 1024;

/**
 * Downloads `url` with the session cookie and saves it under the server's file name. Unlike a plain link, a refusal
 * (429 while the account's exports are busy, 403, 404) arrives as an ApiError the page can show, with the problem's
 * code, detail and `Retry-After`, instead of being saved as a file. `signal` cancels it.
 */
export async function downloadFile(url: string, fallbackName: string, onProgress: (p: DownloadProgress) => void = () => undefined, signal?: AbortSignal): Promise<{ fileName: string; bytes: number }> {
  const res = await fetch(url, { credentials: 'same-origin', headers: { accept: '*/*' }, ...(signal ? { signal } : {}) }).catch((e: unknown) => {
    throw signal?.aborted ? new ApiError(0, 'ABORTED', 'The download was cancelled.') : new ApiError(0, 'NETWORK', `The server could not be reached${e instanceof Error ? ` (${e.message})` : ''}.`);
  });
  if (!res.ok) throw await problemOf(res);
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length : null;
  const type = res.headers.get('content-type') ?? 'application/octet-stream';
  const parts: Blob[] = [];
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let received = 0;
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending.push(value);
      pendingBytes += value.byteLength;
      received += value.byteLength;
      if (pendingBytes >= PART_BYTES) { parts.push(new Blob(pending as BlobPart[])); pending = []; pendingBytes = 0; }
      onProgress({ received, total });
    }
  } catch {
    throw signal?.aborted ? new ApiError(0, 'ABORTED', 'The download was cancelled.') : new ApiError(0, 'NETWORK', 'The download was interrupted before its end.');
  }
  parts.push(new Blob(pending as BlobPart[]));
  const fileName = fileNameOf(res.headers.get('content-disposition')) ?? fallbackName;
  save(new Blob(parts, { type }), fileName);
  return { fileName, bytes: received };
}

/** The file name a Content-Disposition header gives (RFC 6266: `filename*` in UTF-8 wins over `filename`). */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try { return decodeURIComponent(extended[1]!.trim()); } catch { /* fall back to the plain name */ }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]+))/i.exec(header);
  if (!plain) return null;
  return (plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2]!.trim()) || null;
}

/** A refused download read as `request` reads problems, with `Retry-After` (seconds) kept in the body as `retryAfter`. */
async function problemOf(res: Response): Promise<ApiError> {
  let p: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(await res.text());
    if (parsed && typeof parsed === 'object') p = parsed as Record<string, unknown>;
  } catch { /* not a problem document: the status text says enough */ }
  const retryAfter = Number(res.headers.get('retry-after'));
  if (Number.isFinite(retryAfter) && retryAfter > 0) p = { ...p, retryAfter };
  return new ApiError(res.status, String(p['code'] ?? 'HTTP_ERROR'), String(p['detail'] ?? p['title'] ?? res.statusText), (p['errors'] as FieldError[]) ?? [], p);
}

function save(blob: Blob, fileName: string): void {
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // The click has handed the blob to the browser's download; release it once that has started.
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}
