import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ENGINES, type CliDatabase, runCli } from './support/cli.js';

/**
 * CUSTODIA_TIME_ZONE names the organisation's zone; a name the zone database does not know stops the server and every
 * command before any database is opened or created, with a message naming the setting.
 */
describe('a mistyped CUSTODIA_TIME_ZONE (sqlite)', () => {
  let scratch: CliDatabase;
  let dir: string;

  beforeAll(async () => {
    scratch = await CLI_ENGINES[0]!.create();
    dir = join(scratch.dir, 'fresh');
  });
  afterAll(async () => { await scratch?.dispose(); });

  it.each([['serve', '--port', '0'], ['account', 'create', 'alice', '--role', 'it_asset_manager'], ['export', 'assets']])('%s stops with the setting named and creates nothing', async (...args) => {
    const r = await runCli(args, { CUSTODIA_DATA_DIR: dir, CUSTODIA_TIME_ZONE: 'Australia/Sidney' });
    expect(r.stderr).toBe('custodia: INVALID_SETTING: CUSTODIA_TIME_ZONE must be an IANA time zone name such as Europe/Berlin, America/Los_Angeles or UTC (got "Australia/Sidney")\n');
    expect(r.code).toBe(1);
    expect(existsSync(dir)).toBe(false);
  });
});
