import { type Verdict, accept, reject } from '../verdict.js';

/**
 * The kinds of file an asset may carry (invoices, licence certificates, photos, delivery notes, proofs of destruction),
 * defined once. A file is accepted only when its bytes are of a kind listed here AND its name ends in one of that
 * kind's extensions: a script named `invoice.pdf`, or a PDF named `a.pdf.php`, is refused. Markup (HTML, SVG, XML),
 * scripts, executables and plain archives are not listed: they could run in a browser or unpack into something else.
 * Office and OpenDocument files are ZIP archives: their first bytes only say "ZIP" (or, for OpenDocument, which
 * kind), so their parts are judged too (`judgeArchiveParts`: the kind's main part present, no macros or programs).
 */
export interface AttachmentKind {
  key: string;
  mediaType: string;
  extensions: readonly string[];
  /** Raster images have their dimensions checked before anyone's browser decodes them. */
  image: boolean;
  /** Whether the bytes at the start of the file are of this kind. */
  matches(head: Uint8Array): boolean;
  /** What these bytes are called in a refusal ("its content is …"). */
  contentLabel: string;
  /** ZIP-based documents: which family, and the parts that make the file one of this kind. */
  archive?: { family: 'ooxml' | 'odf'; requiredParts: readonly string[] };
}

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** OpenDocument puts an uncompressed `mimetype` entry first, so its local header names the kind (ODF 1.2 part 3, 3.3). */
const odfMatches = (mediaType: string) => (h: Uint8Array) => startsWith(h, ZIP) && startsWith(h, ascii('mimetype'), 30) && startsWith(h, ascii(mediaType), 38);
const ooxml = (key: string, extension: string, mediaType: string, mainPart: string): AttachmentKind => ({
  key, mediaType, extensions: [extension], image: false, contentLabel: 'a ZIP archive or Office document',
  matches: (h) => startsWith(h, ZIP), archive: { family: 'ooxml', requiredParts: ['[Content_Types].xml', mainPart] },
});
const odf = (key: string, mediaType: string): AttachmentKind => ({
  key, mediaType, extensions: [key], image: false, contentLabel: `an OpenDocument ${key.toUpperCase()} file`,
  matches: odfMatches(mediaType), archive: { family: 'odf', requiredParts: ['content.xml', 'META-INF/manifest.xml'] },
});

export const ATTACHMENT_KINDS: readonly AttachmentKind[] = [
  { key: 'pdf', mediaType: 'application/pdf', extensions: ['pdf'], image: false, contentLabel: 'a PDF file', matches: (h) => startsWith(h, ascii('%PDF-')) },
  { key: 'png', mediaType: 'image/png', extensions: ['png'], image: true, contentLabel: 'a PNG image', matches: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]) },
  { key: 'jpeg', mediaType: 'image/jpeg', extensions: ['jpg', 'jpeg'], image: true, contentLabel: 'a JPEG image', matches: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { key: 'gif', mediaType: 'image/gif', extensions: ['gif'], image: true, contentLabel: 'a GIF image', matches: (h) => startsWith(h, ascii('GIF87a')) || startsWith(h, ascii('GIF89a')) },
  { key: 'webp', mediaType: 'image/webp', extensions: ['webp'], image: true, contentLabel: 'a WebP image', matches: (h) => startsWith(h, ascii('RIFF')) && startsWith(h, ascii('WEBP'), 8) },
  // OpenDocument before Office Open XML: any ZIP matches the latter, so a refusal names the OpenDocument kind it found.
  odf('odt', 'application/vnd.oasis.opendocument.text'),
  odf('ods', 'application/vnd.oasis.opendocument.spreadsheet'),
  odf('odp', 'application/vnd.oasis.opendocument.presentation'),
  ooxml('docx', 'docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'word/document.xml'),
  ooxml('xlsx', 'xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xl/workbook.xml'),
  ooxml('pptx', 'pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation', 'ppt/presentation.xml'),
  // Text is recognised by what it is not (no NUL byte, valid UTF-8: checked over the whole file by `isPlainText`).
  { key: 'text', mediaType: 'text/plain', extensions: ['txt', 'log', 'csv', 'md'], image: false, contentLabel: 'plain text', matches: (h) => !h.includes(0) },
];

/** Every extension accepted, for the upload field's `accept` list and error messages. */
export const ATTACHMENT_EXTENSIONS: readonly string[] = ATTACHMENT_KINDS.flatMap((k) => k.extensions);

/** Bytes of the file's start that `judgeAttachmentType` looks at. */
export const ATTACHMENT_SNIFF_BYTES = 16;

/** The extension of a (sanitised) file name, lower case, without the dot; '' when there is none. */
export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 && dot < fileName.length - 1 ? fileName.slice(dot + 1).toLowerCase() : '';
}

/**
 * The kind of an uploaded file, from its first bytes and its name. Refused (ATTACHMENT_TYPE_REFUSED) when the name's
 * extension is not on the list, or when the bytes are not of the kind the extension promises. Text files are still to
 * be read whole by the caller (`isPlainText`).
 */
export function judgeAttachmentType(head: Uint8Array, fileName: string): Verdict<AttachmentKind> {
  const extension = extensionOf(fileName);
  const kind = ATTACHMENT_KINDS.find((k) => k.extensions.includes(extension));
  if (!kind) {
    return reject({
      code: 'ATTACHMENT_TYPE_REFUSED', field: 'fileName', details: { extension },
      message: `Files ending in ${extension ? `.${extension}` : 'no extension'} are not accepted; accepted: ${ATTACHMENT_EXTENSIONS.map((e) => `.${e}`).join(', ')}`,
    });
  }
  // Signatures differ between kinds, except within the Office family, whose parts tell them apart later.
  const fits = kind.key === 'text' ? kind.matches(head) && !ATTACHMENT_KINDS.some((k) => k.key !== 'text' && k.matches(head)) : kind.matches(head);
  if (!fits) {
    const actual = ATTACHMENT_KINDS.find((k) => k.key !== 'text' && k.matches(head));
    return reject({
      code: 'ATTACHMENT_TYPE_REFUSED', field: 'file', details: { extension, detected: actual ? (actual.archive?.family === 'ooxml' ? 'zip' : actual.key) : kind.key === 'text' ? 'binary' : 'unknown' },
      message: `The file is named .${extension} but its content is ${actual ? actual.contentLabel : `not ${kind.key === 'text' ? 'plain text' : kind.contentLabel}`}`,
    });
  }
  return accept(kind);
}

/** Largest image accepted, in pixels (about 100 megapixels: a 50,000 × 50,000 "image" would take 10 GB to decode). */
export const MAX_IMAGE_PIXELS = 100_000_000;
export const MAX_IMAGE_SIDE = 30_000;

/** An image's declared dimensions must be of a size a browser can decode without exhausting memory. */
export function judgeImageSize(size: { width: number; height: number }): Verdict<{ width: number; height: number }> {
  const { width, height } = size;
  if (!(width > 0 && height > 0)) return reject({ code: 'ATTACHMENT_INVALID', field: 'file', message: 'The image declares no size' });
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE || width * height > MAX_IMAGE_PIXELS) {
    return reject({
      code: 'IMAGE_TOO_LARGE', field: 'file', details: { width, height },
      message: `The image is ${width} × ${height} pixels; images are limited to ${MAX_IMAGE_SIDE} pixels a side and ${MAX_IMAGE_PIXELS / 1_000_000} megapixels`,
    });
  }
  return accept({ width, height });
}
