import { describe, expect, it } from 'vitest';
import { ATTACHMENT_KINDS, type AttachmentKind } from './file-types.js';
import { activeContentOf, judgeArchiveParts } from './archive-parts.js';

const kind = (key: string) => ATTACHMENT_KINDS.find((k) => k.key === key)!;
const ARCHIVES = ATTACHMENT_KINDS.filter((k) => k.archive);

/** The parts a minimal file of each kind has, as the programs that write them name them. */
const PARTS: Record<string, string[]> = {
  docx: ['[Content_Types].xml', '_rels/.rels', 'word/document.xml', 'word/_rels/document.xml.rels', 'word/media/image1.png', 'docProps/core.xml'],
  xlsx: ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml', 'xl/printerSettings/printerSettings1.bin'],
  pptx: ['[Content_Types].xml', '_rels/.rels', 'ppt/presentation.xml', 'ppt/slides/slide1.xml'],
  odt: ['mimetype', 'content.xml', 'styles.xml', 'META-INF/manifest.xml', 'Pictures/1000.png'],
  ods: ['mimetype', 'content.xml', 'META-INF/manifest.xml'],
  odp: ['mimetype', 'content.xml', 'META-INF/manifest.xml', 'Object 1/content.xml'],
};

const refusal = (k: AttachmentKind, parts: string[]) => {
  const verdict = judgeArchiveParts(k, parts);
  return verdict.ok ? null : verdict.violations[0]!;
};

describe('judgeArchiveParts', () => {
  it('accepts each Office and OpenDocument kind with its own parts, and refuses it with the parts of every other kind', () => {
    expect(ARCHIVES.map((k) => k.key).sort()).toEqual(Object.keys(PARTS).sort());
    for (const named of ARCHIVES) {
      for (const actual of ARCHIVES) {
        const verdict = judgeArchiveParts(named, PARTS[actual.key]!);
        expect(verdict.ok, `${actual.key} parts named .${named.key}`).toBe(named === actual || (named.archive!.family === 'odf' && actual.archive!.family === 'odf'));
      }
    }
  });

  it('refuses any ZIP that is not the document its name says, naming the missing part', () => {
    expect(refusal(kind('docx'), ['readme.txt', 'setup.exe'])).toMatchObject({
      code: 'ATTACHMENT_TYPE_REFUSED', details: { missing: ['[Content_Types].xml', 'word/document.xml'] },
      message: 'The file is named .docx but is not a DOCX document: it has no [Content_Types].xml or word/document.xml',
    });
  });

  it('refuses macros, ActiveX controls, OLE objects and embedded programs (AT-04), naming the part', () => {
    const cases: [string, string, string][] = [
      ['docx', 'word/vbaProject.bin', 'VBA macros'],
      ['xlsx', 'xl/vbaProject.bin', 'VBA macros'],
      ['pptx', 'ppt/vbaProject.bin', 'VBA macros'],
      ['docx', 'word/vbaData.xml', 'VBA macros'],
      ['docx', 'word/activeX/activeX1.bin', 'ActiveX controls'],
      ['xlsx', 'xl/embeddings/oleObject1.bin', 'an embedded OLE object'],
      ['docx', 'word/embeddings/setup.exe', 'an embedded file (setup.exe)'],
      ['docx', 'word/embeddings/Microsoft_Excel_Macro-Enabled_Worksheet.xlsm', 'an embedded file (Microsoft_Excel_Macro-Enabled_Worksheet.xlsm)'],
      ['odt', 'Basic/Standard/Module1.xml', 'Basic macros'],
      ['ods', 'Scripts/python/evil.py', 'scripts'],
    ];
    for (const [key, part, contains] of cases) {
      const violation = refusal(kind(key), [...PARTS[key]!, part]);
      expect(violation, `${key} with ${part}`).toMatchObject({ code: 'ATTACHMENT_TYPE_REFUSED', details: { part, contains } });
      expect(violation!.message).toContain('save it as .' + key);
    }
  });

  it('keeps what ordinary documents hold: pictures, a chart\'s embedded workbook, printer settings', () => {
    expect(judgeArchiveParts(kind('docx'), [...PARTS.docx!, 'word/embeddings/Microsoft_Excel_Worksheet.xlsx', 'word/media/image2.emf']).ok).toBe(true);
    expect(judgeArchiveParts(kind('pptx'), [...PARTS.pptx!, 'ppt/embeddings/Chart.XLSX']).ok).toBe(true);
    expect(activeContentOf('ooxml', 'xl/printerSettings/printerSettings1.bin')).toBeNull();
    expect(activeContentOf('odf', 'Object 1/content.xml')).toBeNull();
    expect(activeContentOf('odf', 'ObjectReplacements/Object 1')).toBeNull();
  });

  it('says nothing about files that are not archives', () => {
    expect(judgeArchiveParts(kind('pdf'), []).ok).toBe(true);
  });
});
