/**
 * The name a user gave an uploaded file is metadata only: the bytes are stored under a server-generated id, so no name
 * can reach a path. It is still cleaned before it is kept or sent back in a `Content-Disposition` header.
 */

/** Longest name kept, in characters; a longer one keeps its extension and loses the end of its stem. */
export const MAX_FILE_NAME_LENGTH = 200;

// Device names Windows reserves whatever the extension: a download saved as `CON.pdf` cannot be opened there.
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
// Control characters, and characters no common file system accepts in a name.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f<>:"/\\|?*]/g;
// Format characters that disguise a name: right-to-left override (`exe.pdf` shown as `fdp.exe`), zero-width marks.
const DISGUISING = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * A file name safe to keep and show: the last segment of any path (either slash), Unicode NFC, disguising and
 * control characters removed, no leading dots or trailing dots and spaces, Windows device names defused, at most
 * `MAX_FILE_NAME_LENGTH` characters. Never empty.
 */
export function sanitizeFileName(raw: string): string {
  const lastSegment = raw.split(/[/\\]/).pop() ?? '';
  let name = lastSegment.normalize('NFC').replace(DISGUISING, '').replace(UNSAFE, '_').replace(/\s+/g, ' ').trim();
  name = name.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  const extension = dot > 0 ? name.slice(dot) : '';
  if (WINDOWS_RESERVED.test(stem.split('.')[0] ?? '')) name = `_${name}`;
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME_LENGTH) {
    const ext = [...extension].length < 20 ? extension : '';
    name = [...name].slice(0, MAX_FILE_NAME_LENGTH - [...ext].length).join('').trimEnd() + ext;
  }
  return name || 'attachment';
}

/**
 * A `Content-Disposition` header for the name (RFC 6266): an ASCII `filename` fallback with anything else replaced by
 * `_`, and the exact name in `filename*` (RFC 8187, UTF-8, percent-encoded).
 */
export function contentDisposition(disposition: 'attachment' | 'inline', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
