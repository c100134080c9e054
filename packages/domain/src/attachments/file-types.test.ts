import { describe, expect, it } from 'vitest';
import { ATTACHMENT_KINDS, type AttachmentKind, MAX_IMAGE_PIXELS, extensionOf, judgeAttachmentType, judgeImageSize } from './file-types.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const HEADS: Record<string, Uint8Array> = {
  pdf: bytes('%PDF-1.7\n%âãÏÓ'),
  png: Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  jpeg: Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]),
  gif: bytes('GIF89a\x01\x00\x01\x00'),
  webp: bytes('RIFF\x24\x00\x00\x00WEBPVP8 '),
  text: bytes('Delivery note 4711\nqty 2\n'),
  docx: zipHead('[Content_Types].xml'),
  xlsx: zipHead('[Content_Types].xml'),
  pptx: zipHead('[Content_Types].xml'),
  odt: zipHead('mimetype', 'application/vnd.oasis.opendocument.text'),
  ods: zipHead('mimetype', 'application/vnd.oasis.opendocument.spreadsheet'),
  odp: zipHead('mimetype', 'application/vnd.oasis.opendocument.presentation'),
};

/** The start of a ZIP file: a local header (30 bytes) for its first entry, then the entry's name and stored data. */
function zipHead(name: string, storedData = ''): Uint8Array {
  const header = new Uint8Array(30);
  header.set([0x50, 0x4b, 0x03, 0x04]);
  header[26] = name.length;
  return Uint8Array.from([...header, ...bytes(name), ...bytes(storedData)]);
}
/** Any ZIP passes the head check of an Office Open XML name: its parts tell the kinds apart (archive-parts.test.ts). */
const sameSignature = (named: AttachmentKind, actual: AttachmentKind) => named.archive?.family === 'ooxml' && actual.archive !== undefined;

describe('judgeAttachmentType', () => {
  it('accepts every kind under each of its extensions, in any letter case', () => {
    for (const kind of ATTACHMENT_KINDS) {
      for (const ext of kind.extensions) {
        for (const name of [`file.${ext}`, `FILE.${ext.toUpperCase()}`]) {
          const verdict = judgeAttachmentType(HEADS[kind.key]!, name);
          expect(verdict, name).toEqual({ ok: true, value: kind });
        }
      }
    }
  });

  it('refuses the bytes of one kind under the name of another (every pair)', () => {
    for (const named of ATTACHMENT_KINDS) {
      for (const actual of ATTACHMENT_KINDS) {
        if (named === actual || sameSignature(named, actual)) continue;
        const verdict = judgeAttachmentType(HEADS[actual.key]!, `x.${named.extensions[0]}`);
        expect(verdict.ok, `${actual.key} named .${named.extensions[0]}`).toBe(false);
        if (!verdict.ok) expect(verdict.violations[0]!.code).toBe('ATTACHMENT_TYPE_REFUSED');
      }
    }
  });

  it('refuses markup, scripts, executables and archives whatever their content (AT-01)', () => {
    for (const name of ['a.svg', 'a.html', 'a.htm', 'a.php', 'a.phtml', 'a.js', 'a.pdf.php', 'a.exe', 'a.zip', 'a.xml', 'noextension', 'a.', '.pdf']) {
      const verdict = judgeAttachmentType(HEADS.pdf!, name);
      expect(verdict.ok, name).toBe(false);
    }
  });

  it('refuses an "invoice.pdf" that is really HTML or SVG, and a .txt holding binary bytes', () => {
    expect(judgeAttachmentType(bytes('<html><script>alert(1)</script>'), 'invoice.pdf').ok).toBe(false);
    expect(judgeAttachmentType(bytes('<svg xmlns="http://www.w3.org/2000/svg">'), 'invoice.pdf').ok).toBe(false);
    expect(judgeAttachmentType(Uint8Array.from([0x4d, 0x5a, 0x90, 0x00]), 'notes.txt').ok).toBe(false);
    const refused = judgeAttachmentType(HEADS.png!, 'photo.txt');
    expect(refused.ok ? null : refused.violations[0]!.details).toEqual({ extension: 'txt', detected: 'png' });
  });

  it('names what it found: a ZIP under .pdf, an OpenDocument text under .ods', () => {
    const zipAsPdf = judgeAttachmentType(HEADS.docx!, 'contract.pdf');
    expect(zipAsPdf.ok ? null : zipAsPdf.violations[0]).toMatchObject({ details: { extension: 'pdf', detected: 'zip' }, message: 'The file is named .pdf but its content is a ZIP archive or Office document' });
    const textAsSheet = judgeAttachmentType(HEADS.odt!, 'budget.ods');
    expect(textAsSheet.ok ? null : textAsSheet.violations[0]!.details).toEqual({ extension: 'ods', detected: 'odt' });
    // Only the parts can tell a workbook from a Word document: the head lets either through to that check.
    expect(judgeAttachmentType(HEADS.xlsx!, 'contract.docx').ok).toBe(true);
  });

  it('takes the extension after the last dot only', () => {
    expect(extensionOf('a.pdf.php')).toBe('php');
    expect(extensionOf('archive.tar.gz')).toBe('gz');
    expect(extensionOf('.pdf')).toBe('');
    expect(extensionOf('x.')).toBe('');
  });
});

describe('judgeImageSize', () => {
  it('accepts a camera photo and refuses a decompression bomb (AT-03)', () => {
    expect(judgeImageSize({ width: 6000, height: 4000 }).ok).toBe(true);
    const bomb = judgeImageSize({ width: 50_000, height: 50_000 });
    expect(bomb.ok ? null : bomb.violations[0]!.code).toBe('IMAGE_TOO_LARGE');
  });

  it('holds the limits at their edges', () => {
    expect(judgeImageSize({ width: 10_000, height: MAX_IMAGE_PIXELS / 10_000 }).ok).toBe(true);
    expect(judgeImageSize({ width: 10_000, height: MAX_IMAGE_PIXELS / 10_000 + 1 }).ok).toBe(false);
    expect(judgeImageSize({ width: 30_001, height: 1 }).ok).toBe(false);
    expect(judgeImageSize({ width: 0, height: 10 }).ok).toBe(false);
  });
});
