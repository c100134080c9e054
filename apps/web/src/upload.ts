import { ApiError, type FieldError, currentCsrfToken } from './api';

export interface UploadProgress {
  /** Bytes sent so far, and in all. */
  sent: number; total: number;
  /** True once the whole body is sent: the server is working on it. */
  uploaded: boolean;
}

/**
 * POSTs a file with XMLHttpRequest, which (unlike fetch) reports upload progress. Answers and problems are read as
 * `request` reads them (JSON, ApiError with the problem's code, detail and field errors; status 0 when unreachable).
 */
export function uploadWithProgress<T>(url: string, body: Blob, contentType: string, onProgress: (p: UploadProgress) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', contentType);
    const csrf = currentCsrfToken();
    if (csrf) xhr.setRequestHeader('x-csrf-token', csrf);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => onProgress({ sent: e.loaded, total: e.lengthComputable ? e.total : body.size, uploaded: false });
    xhr.upload.onload = () => onProgress({ sent: body.size, total: body.size, uploaded: true });
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK', 'The server could not be reached.'));
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'The upload was cancelled.'));
    xhr.onload = () => {
      let parsed: unknown = null;
      try { parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { parsed = xhr.responseText; }
      if (xhr.status >= 200 && xhr.status < 300) { resolve(parsed as T); return; }
      const p = (parsed && typeof parsed === 'object' ? parsed : {}) as Record<string, unknown>;
      reject(new ApiError(xhr.status, String(p['code'] ?? 'HTTP_ERROR'), String(p['detail'] ?? p['title'] ?? xhr.statusText), (p['errors'] as FieldError[]) ?? [], p));
    };
    xhr.send(body);
  });
}

/** 1.2 MB, 340 kB: sizes as people read them. */
export function byteSize(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)} MB`;
  if (n >= 1_000) return `${Math.round(n / 1_000)} kB`;
  return `${n} B`;
}
