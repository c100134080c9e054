import { copyFileSync, mkdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, ROOT, runCli, withDb } from './support/cli.js';

const FIXTURES = join(ROOT, 'packages/data/test-fixtures/inventories');

/** `custodia inventory import`: a directory of real agent inventories, an SBOM, a CSV feed and a broken file. */
describe.each(CLI_ENGINES)('custodia inventory import ($name)', (engine) => {
  let database: CliDatabase;
  let dir: string;

  beforeAll(async () => {
    database = await engine.create();
    expect((await runCli(['migrate'], database.env)).code).toBe(0);
    dir = join(database.dir, 'inventories');
    mkdirSync(dir);
    copyFileSync(join(FIXTURES, 'fi-inventory.xml'), join(dir, '01-fi.xml'));
    writeFileSync(join(dir, '02-ocs.xml.gz'), gzipSync(Buffer.from((await import('node:fs')).readFileSync(join(FIXTURES, 'ocs-stdout.xml')))));
    copyFileSync(join(FIXTURES, 'bom-examples-sbom-cern-vdm-editor.json'), join(dir, '03-app.cdx.json'));
    writeFileSync(join(dir, '04-feed.csv'), 'hostname,serial,mac,os\nfeed-host-1,SN-FEED-0001,00:1a:2b:3c:4d:01,Windows 11\nfeed-host-2,SN-FEED-0002,00:1a:2b:3c:4d:02,Ubuntu 24.04\n');
    writeFileSync(join(dir, '05-broken.xml'), '<REQUEST><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>x</NAME></CONTENT>');
    writeFileSync(join(dir, 'notes.txt'), 'not an inventory');
  });
  afterAll(async () => { await database?.dispose(); });

  it('ingests every inventory of the directory, reports the broken one and exits 1; a second run updates instead of duplicating', async () => {
    const first = await runCli(['inventory', 'import', dir, '--no-progress'], database.env);
    expect(first.stderr).toContain('05-broken.xml');
    expect(first.code).toBe(1);
    expect(first.stdout).toMatch(/Read 5 file\(s\)/);
    const after = await withDb(database, async (db) => ({
      devices: (await db.selectFrom('discovered_devices').select(['hostname', 'source', 'software_count', 'asset_id']).execute()),
      assets: Number((await db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    }));
    // FusionInventory and OCS describe the same machine (same MAC): one device, one asset.
    const hosts = after.devices.map((d) => d.hostname).sort();
    expect(hosts).toEqual(expect.arrayContaining(['feed-host-1', 'feed-host-2', 'vm']));
    expect(hosts.filter((h) => h === 'vm')).toHaveLength(1);
    expect(after.devices.find((d) => d.hostname === 'vm')!.software_count).toBeGreaterThan(800);
    expect(after.devices.some((d) => d.source === 'sbom' && Number(d.software_count) > 0)).toBe(true);
    const again = await runCli(['inventory', 'import', join(dir, '01-fi.xml'), join(dir, '04-feed.csv'), '--no-progress'], database.env);
    expect(again.code).toBe(0);
    const later = await withDb(database, async (db) => ({
      devices: Number((await db.selectFrom('discovered_devices').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
      assets: Number((await db.selectFrom('assets').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
    }));
    expect(later).toEqual({ devices: after.devices.length, assets: after.assets });
  }, 120_000);

  it('reports a missing path and a file too large by its size alone, and ingests the rest; nothing to import is a failure', async () => {
    const more = join(database.dir, 'more');
    mkdirSync(more);
    writeFileSync(join(more, 'feed.csv'), 'hostname,serial,mac,os\nfeed-host-9,SN-FEED-0009,00:1a:2b:3c:4d:09,Debian 12\n');
    // 3 GiB without a byte written: a file this size is refused before it is read (Node could not even read it whole).
    writeFileSync(join(more, 'huge.xml'), '');
    truncateSync(join(more, 'huge.xml'), 3 * 1024 ** 3);
    const missing = join(database.dir, 'nowhere.xml');
    const r = await runCli(['inventory', 'import', missing, more, '--no-progress'], database.env);
    expect(r.stderr).toContain(`${missing}: no such file or directory (ENOENT)\n`);
    expect(r.stderr).toContain(`huge.xml: The file is ${3 * 1024 ** 3} bytes; at most 20971520 are accepted\n`);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Read 2 file(s): 1 created; 2 file(s) failed.\n');
    const hosts = await withDb(database, async (db) => (await db.selectFrom('discovered_devices').select('hostname').where('hostname', '=', 'feed-host-9').execute()));
    expect(hosts).toHaveLength(1);

    const empty = join(database.dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'notes.txt'), 'not an inventory');
    const none = await runCli(['inventory', 'import', empty, '--no-progress'], database.env);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toBe(`custodia: NOTHING_TO_IMPORT: No inventory file in ${empty} (names ending in .xml, .ocs, .json, .csv, .cdx, .spdx, .gz or .zlib)\n`);
  });
});
