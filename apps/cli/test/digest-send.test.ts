import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AssetCreate } from '@custodia/contracts';
import { bootstrapRegister, createAccountWithGrants, createAsset, createReference, ensureBuiltInRoles, people, systemContext, updateNotificationSettings } from '@custodia/core';
import { CLI_ENGINES, type CliDatabase, runCli, withDb } from './support/cli.js';
import { type TestSmtp, startSmtp } from '../../../test/support/smtp.js';

/**
 * `custodia digest send [--dry-run]`: today's digests sent now, as the server's hourly job sends them (to a real SMTP
 * server in this process), once per account and day; a dry run claims and sends nothing; without mail settings, or
 * with a wrong one, the command stops with the setting named.
 */
describe.each(CLI_ENGINES)('custodia digest send ($name)', (engine) => {
  let database: CliDatabase;
  let smtp: TestSmtp;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await engine.create();
    smtp = await startSmtp();
    expect((await runCli(['migrate'], database.env)).code).toBe(0);
    await withDb(database, async (_db, raw) => {
      const system = systemContext(raw, 'system');
      await bootstrapRegister(system);
      await ensureBuiltInRoles(system);
      const person = await createReference<{ id: string }>(system, people, { name: 'Ana Lopez', active: true });
      const ana = await createAccountWithGrants(system, { login: 'ana', displayName: 'Ana', email: 'ana@example.org', personId: person.id }, [{ roleKey: 'asset_consumer', orgUnitId: null }]);
      const laptop = await raw.db.selectFrom('asset_types').select('id').where('key', '=', 'laptop').executeTakeFirstOrThrow();
      await createAsset(system, AssetCreate.parse({ name: 'Ana laptop', assetTypeId: laptop.id, stage: 'in_use', assignedPersonId: person.id, expectedReturnDate: '2020-01-31' }));
      await updateNotificationSettings({ ...system, access: { ...system.access, accountId: ana.id } }, ana.id, 0, { digest: true, sections: ['myOverdueReturns'] }, { mailConfigured: true, digestHour: 0 });
    });
    env = { ...database.env, CUSTODIA_SMTP_URL: smtp.url, CUSTODIA_MAIL_FROM: 'itam@example.org', CUSTODIA_PUBLIC_URL: 'https://itam.example.org', CUSTODIA_DIGEST_HOUR: '0' };
  });
  afterAll(async () => { await smtp?.close(); await database?.dispose(); });

  const deliveries = () => withDb(database, (db) => db.selectFrom('digest_deliveries').select(['status', 'item_count']).execute());

  it('stops with the setting named when mail is not configured or a setting is wrong', async () => {
    const none = await runCli(['digest', 'send'], database.env);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('custodia: MAIL_NOT_CONFIGURED: CUSTODIA_SMTP_URL is not set: no digest can be sent (--dry-run shows what would be)\n');
    const hour = await runCli(['digest', 'send'], { ...env, CUSTODIA_DIGEST_HOUR: '24' });
    expect(hour.stderr).toBe('custodia: INVALID_SETTING: CUSTODIA_DIGEST_HOUR must be a whole hour from 0 to 23 (got "24")\n');
    const from = await runCli(['digest', 'send'], { ...env, CUSTODIA_MAIL_FROM: '' });
    expect(from.stderr).toMatch(/^custodia: INVALID_SETTING: CUSTODIA_SMTP_URL is set but CUSTODIA_MAIL_FROM is not/);
    expect(await deliveries()).toEqual([]);
  });

  it('a dry run says who would get a digest, and claims and sends nothing', async () => {
    const r = await runCli(['digest', 'send', '--dry-run'], { ...database.env, CUSTODIA_DIGEST_HOUR: '0' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^would send to ana <ana@example\.org>: Custodia: 1 item needs your attention \(\d{4}-\d{2}-\d{2}\)$/m);
    expect(smtp.received).toHaveLength(0);
    expect(await deliveries()).toEqual([]);
  });

  it('sends the digest once a day', async () => {
    const r = await runCli(['digest', 'send'], env);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^sent to ana <ana@example\.org>: 1 item$/m);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['ana@example.org']);
    expect(smtp.received[0]!.text).toContain('Ana laptop');
    expect(await deliveries()).toEqual([{ status: 'sent', item_count: 1 }]);
    const again = await runCli(['digest', 'send'], env);
    expect(again.stdout).toMatch(/: 0 sent, 0 failed/);
    expect(smtp.received).toHaveLength(1);
  });
});
