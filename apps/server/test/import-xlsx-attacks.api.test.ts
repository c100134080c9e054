import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';
import { type ZipPart, xlsxParts, xlsxRow, zipOf } from '../../../test/support/zip.js';
import { raw, refused } from './support/http.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HEADER = xlsxRow(1, ['tag', 'name', 'type']);
const GOOD_ROW = xlsxRow(2, ['XL-1', 'Laptop from a workbook', 'laptop']);
const DTD = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';

const withPart = (parts: ZipPart[], name: string, change: (data: Buffer) => Buffer): ZipPart[] => parts.map((p) => (p.name === name ? { ...p, data: change(p.data) } : p));
const withDtd = (data: Buffer): Buffer => Buffer.from(data.toString().replace('?>', `?>${DTD}`));

/**
 * Crafted workbooks sent to the importer over HTTP (security test plan IM-05, IM-06, IM-07): each is refused with its
 * own status and code, names what is wrong, and writes nothing; a sound workbook of the same shape is imported.
 */
describe.each(ENGINES)('XLSX imports refuse crafted workbooks ($name)', (engine) => {
  let api: TestApi;
  beforeAll(async () => { api = await startApi(engine); });
  afterAll(async () => { await api.close(); });

  const upload = (body: Buffer, type = XLSX) => raw(api, 'POST', '/api/v1/imports/assets?dryRun=true', body as unknown as string, { 'content-type': type });
  const refusal = async (body: Buffer, status: number, code: string, detail: string | RegExp, type = XLSX) => {
    const res = await refused(api, () => upload(body, type), status, code);
    expect(res.body.detail).toMatch(detail);
    return res;
  };

  it('imports a sound hand-made workbook (the baseline the crafted ones are made from)', async () => {
    const res = await upload(zipOf(xlsxParts(`${HEADER}${GOOD_ROW}`)));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ applied: false, rows: 1, created: 1, problems: [] });
  });

  it('IM-05: a ZIP bomb is refused before its sheet is inflated, whether its size is declared or hidden', async () => {
    const declared = withPart(xlsxParts(`${HEADER}${GOOD_ROW}`), 'xl/worksheets/sheet1.xml', (d) => d);
    const sheet = declared.findIndex((p) => p.name === 'xl/worksheets/sheet1.xml');
    declared[sheet] = { ...declared[sheet]!, declaredSize: 1024 ** 3 };
    await refusal(zipOf(declared), 413, 'PAYLOAD_TOO_LARGE', /expands to 1073743\d+ bytes/);
    // 64 MiB of rows from well under a megabyte, under a declared size of 4 KiB.
    const rows = Buffer.from('<row/>'.repeat((64 * 1024 * 1024) / 6));
    const hidden = xlsxParts(`${HEADER}${GOOD_ROW}`).map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, data: Buffer.concat([p.data, rows]), declaredSize: 4096 } : p));
    await refusal(zipOf(hidden), 422, 'IMPORT_INVALID', /declared|size/i);
  });

  it('IM-05: rows and columns beyond a worksheet\'s bounds are refused', async () => {
    await refusal(zipOf(xlsxParts(`${HEADER}${GOOD_ROW}<row r="1048577"><c r="A1048577" t="inlineStr"><is><t>X</t></is></c></row>`)), 413, 'PAYLOAD_TOO_LARGE', /row 1,048,576/);
    await refusal(zipOf(xlsxParts(`${HEADER}<row r="2"><c r="A2" t="inlineStr"><is><t>XL-2</t></is></c><c r="XFE2"/></row>`)), 422, 'IMPORT_INVALID', /column XFD/);
    const wide = xlsxRow(1, Array.from({ length: 26 }, (_, i) => `c${i}`)).replace('</row>', '<c r="ZZ1" t="inlineStr"><is><t>last</t></is></c></row>');
    await refusal(zipOf(xlsxParts(wide)), 422, 'IMPORT_INVALID', /column/i);
  });

  it('IM-06: header cells aiming at object prototypes are unknown columns; no prototype changes', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype', '__defineGetter__']) {
      const res = await refusal(zipOf(xlsxParts(`${xlsxRow(1, ['tag', name])}${xlsxRow(2, ['XL-P', '{"polluted":true}'])}`)), 422, 'IMPORT_INVALID', /column/i);
      expect(res.body.errors[0]).toMatchObject({ code: 'IMPORT_UNKNOWN_COLUMN' });
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });

  it('IM-07: a DTD in [Content_Types].xml or sharedStrings.xml, and a workbook with macros, are refused', async () => {
    const strings = xlsxParts(`${xlsxRow(1, ['tag'])}<row r="2"><c r="A2" t="s"><v>0</v></c></row>`, '<si><t>&xxe;</t></si>');
    for (const [parts, name] of [[xlsxParts(`${HEADER}${GOOD_ROW}`), '[Content_Types].xml'], [strings, 'xl/sharedStrings.xml']] as const) {
      const res = await refusal(zipOf(withPart(parts, name, withDtd)), 422, 'IMPORT_INVALID', /DTD|entit/i);
      expect(res.body.errors[0]).toMatchObject({ code: 'IMPORT_XML_DTD_FORBIDDEN' });
    }
    const macros = [...xlsxParts(`${HEADER}${GOOD_ROW}`), { name: 'xl/vbaProject.bin', data: Buffer.from('VBA project') }];
    const res = await refusal(zipOf(macros), 422, 'IMPORT_INVALID', /macro|vbaProject/i);
    expect(res.body.errors[0]).toMatchObject({ code: 'IMPORT_MACROS_FORBIDDEN' });
  });

  it('IM-07: a body that is not the format its Content-Type names is refused with 415', async () => {
    await refusal(Buffer.from('<html><body><table><tr><td>tag</td></tr><tr><td>XL-H</td></tr></table></body></html>'), 415, 'UNSUPPORTED_MEDIA_TYPE', /not one/);
    await refusal(Buffer.from('tag,name,type\nXL-C,Laptop,laptop\n'), 415, 'UNSUPPORTED_MEDIA_TYPE', /not one/);
    await refusal(zipOf(xlsxParts(`${HEADER}${GOOD_ROW}`)), 415, 'UNSUPPORTED_MEDIA_TYPE', /sent as CSV/, 'text/csv');
  });
});
