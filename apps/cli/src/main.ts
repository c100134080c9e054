#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { ensureSearchIndexes, migrateToLatest, resolveDatabaseTarget } from '@custodia/data';
import { openCliDatabase } from './cli-context.js';
import { endQuietlyWhenOutputCloses, reportError } from './report-error.js';
import { integerIn } from './options.js';
import { type ImportKind, MAX_TOKEN_DAYS } from '@custodia/core';
import { ATTACHMENT_CATEGORY_KEYS } from '@custodia/domain';
import { importCommand } from './commands/import.js';
import { exportAssetsCommand } from './commands/export.js';
import { historyVerifyCommand } from './commands/history-verify.js';
import { historyCheckpointCommand, historyPublicKeyCommand } from './commands/history-checkpoint.js';
import { backupCommand } from './commands/backup.js';
import { qualitySnapshotCommand } from './commands/report.js';
import { restoreCommand } from './commands/restore.js';
import { seedDemoCommand } from './commands/seed-demo.js';
import { accountCreateCommand, accountPasswordCommand, tokenCreateCommand } from './commands/accounts.js';
import { keysGenerateCommand, keysRotateCommand } from './commands/keys.js';
import { inventoryImportCommand } from './commands/inventory.js';
import { digestSendCommand } from './commands/digest.js';
import { attachmentAddCommand, attachmentGetCommand, attachmentListCommand, attachmentPurgeCommand } from './commands/attachments.js';

// The version of this build, as its package names it (apps/cli/package.json, next to dist/).
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const program = new Command('custodia').description('Custodia IT asset management').version(version, '-V, --version', 'print the version').showHelpAfterError();

program.command('serve').description('Start the web server (on an empty database it prints a one-time link to create the first administrator)')
  .option('-p, --port <port>', 'port to listen on (0: any free port)', integerIn(0, 65_535))
  .action(async (o: { port?: number }) => {
    // The server (Fastify, OpenAPI, metrics) loads only for `serve`, so other commands start fast.
    const { serve } = await import('@custodia/server');
    await serve(o.port !== undefined ? { port: o.port } : {});
  });

program.command('migrate').description('Apply pending database migrations')
  .action(async () => {
    const database = await openCliDatabase(resolveDatabaseTarget(), { migrate: false });
    try {
      const applied = await migrateToLatest(database.db);
      process.stdout.write(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'Database is up to date.\n');
      const search = await ensureSearchIndexes(database.db, database.engine);
      if (search.state === 'ready' && search.built.length) process.stdout.write(`Built search indexes: ${search.built.join(', ')}\n`);
      if (search.state === 'unavailable') process.stdout.write(`Free-text search will read whole tables: ${search.reason}\n`);
    } finally {
      await database.close();
    }
  });

const importCmd = program.command('import').description('Import records from CSV or XLSX (atomic: one bad row and nothing is written)');
const IMPORT_KINDS: { kind: ImportKind; description: string; match: string }[] = [
  { kind: 'assets', description: 'Import assets', match: 'by tag, then serial' },
  { kind: 'people', description: 'Import people', match: 'by e-mail, then employee number' },
  { kind: 'locations', description: 'Import locations', match: 'by code, then parent and name' },
  { kind: 'models', description: 'Import catalogue models (unknown manufacturers are created)', match: 'by manufacturer and model number, then manufacturer and name' },
];
for (const { kind, description, match } of IMPORT_KINDS) {
  const cmd = importCmd.command(`${kind} <file>`).description(description)
    .addOption(new Option('--mode <mode>', `create new records only, or also update matches (${match})`).choices(['create', 'upsert']).default('create'))
    .option('--dry-run', 'check every row and report, write nothing', false);
  if (kind === 'assets') cmd.option('--currency <code>', 'currency of purchase costs when the file has no currency column');
  cmd.option('--report <file>', 'write the full JSON report (all problems) to this file')
    .option('--no-progress', 'no progress bar (one is shown only when standard error is a terminal)')
    .option('--progress-lines', 'a line on standard error for every batch of rows read ("  1,000 rows read"), for logs and scripts that watch a long import', false)
    .action(async (file: string, o) => { await importCommand(kind, file, o); });
}

const exportCmd = program.command('export').description('Export records to CSV or XLSX (streamed; formula cells escaped)');
exportCmd.command('assets').description('Export the register')
  .addOption(new Option('--format <format>', 'CSV (UTF-8 with BOM) or XLSX (needs --out)').choices(['csv', 'xlsx']).default('csv'))
  .option('-o, --out <file>', 'output file, written only once complete (CSV defaults to standard output)')
  .option('--force', 'replace --out FILE if it exists', false)
  .option('--type <key>', 'only this asset type').option('--stage <stage>', 'only this stage')
  .option('--location <id>', 'only this location subtree').option('--org-unit <id>', 'only this org unit subtree')
  .action(async (o) => {
    if (o.format === 'xlsx' && !o.out) throw Object.assign(new Error('XLSX export needs --out FILE'), { code: 'BAD_REQUEST' });
    await exportAssetsCommand(o);
  });

program.command('inventory').description('Discovery inventories').command('import <paths...>')
  .description('Import inventory files or directories: agent XML (OCS/FusionInventory/GLPI), GLPI JSON, CSV discovery feeds, CycloneDX/SPDX SBOMs')
  .option('--no-progress', 'no progress bar (one is shown only when standard error is a terminal)')
  .action(async (paths: string[], o) => { const r = await inventoryImportCommand(paths, o); if (r.failed) process.exitCode = 1; });

const attachmentCmd = program.command('attachment').description('Files kept with assets (invoices, certificates, photos, proofs of destruction), people, suppliers and audit runs. OWNER is an asset tag or id, or person:EMAIL|EMPLOYEE-NUMBER|ID, supplier:NAME|ID, audit-run:ID');
attachmentCmd.command('add <owner> <file>').description('Attach FILE to OWNER: PDF, PNG, JPEG, GIF, WebP, Office or OpenDocument without macros, or UTF-8 text, whose name matches its content')
  .option('--description <text>', 'what the file is, e.g. "Invoice 2026-0412"').option('--name <name>', 'the name to keep (default: the file\'s own)')
  .option('--category <key>', `what the file is for (default other): ${ATTACHMENT_CATEGORY_KEYS.join(', ')}`)
  .action(async (owner: string, file: string, o) => { await attachmentAddCommand(owner, file, o); });
attachmentCmd.command('list <owner>').description('OWNER\'s attachments, newest first (id, name, kind, category, bytes, uploaded at, by)')
  .option('--deleted', 'also list deleted ones')
  .action(async (owner: string, o) => { await attachmentListCommand(owner, o); });
attachmentCmd.command('get <id>').description('Write an attachment\'s content to --out FILE (never overwrites) or standard output')
  .option('-o, --out <file>', 'output file')
  .action(async (id: string, o) => { await attachmentGetCommand(id, o); });
attachmentCmd.command('purge').description('Remove the content of attachments deleted longer ago than the retention window (the server does this hourly)')
  .option('--retention-days <n>', 'days to keep (default CUSTODIA_ATTACHMENT_RETENTION_DAYS or 90; 0: every deleted attachment)', integerIn(0, 36_500))
  .action(async (o) => { await attachmentPurgeCommand(o); });

const history = program.command('history').description('History tools');
history.command('verify').description('Verify the hash chain of all history events, and hold it against signed checkpoints')
  .option('--checkpoints <files...>', 'files of signed checkpoints (JSON lines, as the server writes them)')
  .option('--public-key <file>', 'the public key to trust (PEM); default: this installation\'s signing key')
  .action(async (o: { checkpoints?: string[]; publicKey?: string }) => {
    try {
      await historyVerifyCommand(o);
    } catch (e) {
      if ((e as { exitCode?: number }).exitCode !== 2) throw e;
      process.stderr.write(`custodia: ${(e as Error).message}\n`);
      process.exitCode = 2;
    }
  });
history.command('checkpoint').description('Print a signed checkpoint of the history chain (one JSON line); keep it away from the database')
  .option('--append <file>', 'also append it to this file')
  .action(async (o: { append?: string }) => { await historyCheckpointCommand(o); });
history.command('public-key').description('Print the public key that verifies this installation\'s checkpoints')
  .action(async () => { await historyPublicKeyCommand(); });

program.command('report').description('Reports').command('quality-snapshot')
  .description('Record today\'s data-quality figures, as the server does every hour (taken again the same day, they replace that day\'s)')
  .action(async () => { await qualitySnapshotCommand(); });
const digest = program.command('digest').description('Daily e-mail digests');
digest.command('send').description("Send today's daily digests now, as the server's hourly job does (from the digest hour on, once per account and day)")
  .option('--dry-run', 'only say who would get a digest and how many items; claim and send nothing', false)
  .action(async (o: { dryRun: boolean }) => { await digestSendCommand(o); });

program.command('backup <file>').description('Online backup of the SQLite database to FILE, verified by reopening it')
  .action(async (file: string) => { await backupCommand(file); });

program.command('restore <file>').description('Replace the SQLite database with a backup made by "custodia backup" (verified first; the current database is kept aside)')
  .option('--yes', 'restore (without it, only say what would happen)', false)
  .action(async (file: string, o: { yes: boolean }) => { await restoreCommand(file, o); });

program.command('seed-demo').description('Fill an empty register with a realistic sample (countries, sites, people, models, assets)')
  .option('--assets <n>', 'number of assets (0: only the organisation, sites, people and catalogue)', integerIn(0), 5000)
  .option('--people <n>', 'number of people', integerIn(1), 800)
  .option('--seed <n>', 'random seed (same seed, same register)', integerIn(0, 0xffff_ffff), 42)
  .action(async (o) => { await seedDemoCommand(o); });

const accountCmd = program.command('account').description('Accounts, for the operator of this machine');
accountCmd.command('create <login>').description('Create an account with roles (role: key, or key@<org unit id> for a subtree)')
  .option('--name <name>', 'display name').option('--email <email>', 'e-mail address')
  .option('--role <role>', 'grant a role; repeat for several', (v: string, all: string[]) => [...all, v], [] as string[])
  .option('--password-stdin', 'read the password from standard input', false)
  .action(async (login: string, o) => { await accountCreateCommand(login, o); });
accountCmd.command('password <login>').description('Set the password of an account, read from standard input (ends its sessions and revokes its API tokens)')
  .option('--password-stdin', 'read the password from standard input (as account create; the only source there is)')
  .option('--keep-api-tokens', 'keep its API tokens working (a forgotten password, nothing stolen)', false)
  .action(async (login: string, o: { keepApiTokens: boolean }) => { await accountPasswordCommand(login, o); });

program.command('token').description('API tokens').command('create <login>').description('Issue a personal API token for an account; printed once')
  .option('--name <name>', 'what the token is for', 'cli')
  .addOption(new Option('--access <access>', 'read: reading only; write: changes too (either way within the account\'s roles)').choices(['read', 'write']).default('read'))
  .option('--days <n>', `days until it expires (at most ${MAX_TOKEN_DAYS})`, integerIn(1, MAX_TOKEN_DAYS), 30)
  .action(async (login: string, o) => { await tokenCreateCommand(login, o); });

const keysCmd = program.command('keys').description('Encryption keys of sensitive fields');
keysCmd.command('generate').description('Print a new random key (base64)').action(() => { keysGenerateCommand(); });
keysCmd.command('rotate').description('Re-encrypt stored sensitive values under the current key (configure the new key first, the old one in CUSTODIA_ENCRYPTION_OLD_KEYS)')
  .action(async () => { await keysRotateCommand(); });

// A server whose output is gone is a failure for whoever supervises it; every other command's reader may stop early.
program.hook('preAction', (_program, command) => { if (command.name() !== 'serve') endQuietlyWhenOutputCloses(); });
program.parseAsync(process.argv).catch((error: unknown) => {
  reportError(error);
});
