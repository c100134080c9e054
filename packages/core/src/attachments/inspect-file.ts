import { createReadStream } from 'node:fs';
import { imageSize } from 'image-size';
import { AppError } from '@custodia/contracts';
import { DEFAULT_INVENTORY_LIMITS, type XmlElement, ZipRefusal, inspectZipArchive, parseXml, readHead } from '@custodia/data';
import { type AttachmentKind, type Verdict, judgeArchiveParts, judgeAttachmentType, judgeImageSize, judgeRelationship } from '@custodia/domain';

/** Bytes of an image's start read for its dimensions: JPEG puts them after its metadata segments (64 KiB each at most). */
const IMAGE_HEADER_BYTES = 1024 * 1024;

/** Office documents: at most this many parts, and this many bytes once inflated (every part is inflated to check it). */
const ARCHIVE_LIMITS = { maxEntries: 5_000, maxUncompressedBytes: 200 * 1024 * 1024 };

export interface InspectedFile { kind: AttachmentKind; width: number | null; height: number | null }

function orRefuse<T>(verdict: Verdict<T>): T {
  if (verdict.ok) return verdict.value;
  const first = verdict.violations[0]!;
  throw new AppError(first.code as 'ATTACHMENT_TYPE_REFUSED', first.message, { errors: verdict.violations.map((v) => ({ code: v.code, message: v.message, ...(v.field ? { field: v.field } : {}) })) });
}

/** Whether the whole file is UTF-8 text without NUL bytes, read in pieces (memory stays flat). */
async function isPlainText(path: string): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
      if (chunk.includes(0)) return false;
      decoder.decode(chunk, { stream: true });
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}

/**
 * What an uploaded file really is, from its content: its kind must be on the list and match its name's extension
 * (415 otherwise), an image must declare a size a browser can decode (422), a text file must be UTF-8 throughout.
 * Nothing is decoded: an image's dimensions come from its header.
 */
export async function inspectFile(path: string, fileName: string): Promise<InspectedFile> {
  const head = await readHead(path, IMAGE_HEADER_BYTES);
  const kind = orRefuse(judgeAttachmentType(head, fileName));
  if (kind.image) {
    let size: { width?: number; height?: number };
    try {
      size = imageSize(head);
    } catch {
      throw new AppError('ATTACHMENT_INVALID', `The ${kind.key.toUpperCase()} image is damaged: its size cannot be read`);
    }
    const { width, height } = orRefuse(judgeImageSize({ width: size.width ?? 0, height: size.height ?? 0 }));
    return { kind, width, height };
  }
  if (kind.archive) {
    await inspectDocumentArchive(path, kind);
    return { kind, width: null, height: null };
  }
  if (kind.key === 'text' && !(await isPlainText(path))) {
    throw new AppError('ATTACHMENT_TYPE_REFUSED', 'The file is named as text but is not UTF-8 text throughout', { errors: [{ code: 'ATTACHMENT_TYPE_REFUSED', field: 'file', message: 'Not UTF-8 text' }] });
  }
  return { kind, width: null, height: null };
}

/** Refuses a relationships part that makes the document load active content from outside itself (see judgeRelationship). */
function checkRelationships(kind: AttachmentKind, part: string, xml: string): void {
  let root: XmlElement;
  try {
    root = parseXml(xml, DEFAULT_INVENTORY_LIMITS);
  } catch {
    throw new AppError('ATTACHMENT_INVALID', `The file is not a valid .${kind.extensions[0]} document: its part ${part} cannot be read`);
  }
  for (const r of root.children) {
    if (r.name !== 'Relationship') continue;
    orRefuse(judgeRelationship(kind, part, { type: r.attributes['Type'] ?? '', targetMode: r.attributes['TargetMode'] ?? null, target: r.attributes['Target'] ?? '' }));
  }
}

/**
 * An Office or OpenDocument file is a ZIP archive: its part names are judged before anything is inflated (the kind's
 * main parts, no macros or embedded programs), then every part is inflated and checked (size as declared, total under
 * the cap, no DTD in XML parts, nothing hidden between entries), memory staying flat (AT-04).
 */
async function inspectDocumentArchive(path: string, kind: AttachmentKind): Promise<void> {
  const label = `.${kind.extensions[0]} document`;
  try {
    await inspectZipArchive(path, {
      ...ARCHIVE_LIMITS,
      checkNames: (names) => { orRefuse(judgeArchiveParts(kind, names)); },
      // OOXML relationships, read with the inventories' safe XML parser (no DTD, capped size and depth).
      checkRelationships: kind.archive?.family === 'ooxml' ? (part, xml) => checkRelationships(kind, part, xml) : undefined,
    });
  } catch (err) {
    if (!(err instanceof ZipRefusal)) throw err;
    switch (err.reason) {
      case 'too_large':
        throw new AppError('PAYLOAD_TOO_LARGE', `The document ${err.detail}`);
      case 'dtd':
        throw new AppError('ATTACHMENT_INVALID', `The document's ${err.detail}, which are not accepted; save it again from its program, or as PDF`);
      case 'encrypted':
        throw new AppError('ATTACHMENT_INVALID', `The ${label} ${err.detail}: remove its password, or attach a PDF`);
      case 'too_many_entries':
        throw new AppError('ATTACHMENT_INVALID', `The document ${err.detail}`);
      case 'malformed':
      case 'unsafe_entry':
        throw new AppError('ATTACHMENT_INVALID', `The file is not a valid ${label}: ${err.detail}`);
    }
  }
}
