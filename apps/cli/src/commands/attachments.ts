import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@custodia/contracts';
import { DEFAULT_ATTACHMENT_RETENTION_DAYS, addAttachment, listAttachments, ownerOfRow, purgeDeletedAttachments, readAttachmentContent } from '@custodia/core';
import { type AttachmentOwnerRef, comparisonKey } from '@custodia/domain';
import type { Database } from '@custodia/data';
import { openCliContext } from '../cli-context.js';
import { cliError } from '../cli-error.js';
import { positiveIntegerSetting } from '../options.js';
import { assertNewOutput, writeOutputFile } from '../output-file.js';

/**
 * The record files are kept with, as typed on the command line: an asset by tag (as printed on its label) or id;
 * `person:` with an e-mail, employee number or id; `supplier:` with a name or id; `audit-run:` with an id.
 */
export async function ownerOf(database: Database, text: string): Promise<AttachmentOwnerRef> {
  const db = database.db;
  const [, prefix, value = ''] = /^(person|supplier|audit-run):(.*)$/.exec(text) ?? [, null, text];
  let found: { id: string } | undefined;
  if (prefix === 'person') {
    found = await db.selectFrom('people').select('id').where((eb) => eb.or([eb('id', '=', value), eb('email_key', '=', comparisonKey(value)), eb('employee_number', '=', value)])).executeTakeFirst();
  } else if (prefix === 'supplier') {
    found = await db.selectFrom('suppliers').select('id').where((eb) => eb.or([eb('id', '=', value), eb('name_key', '=', comparisonKey(value))])).executeTakeFirst();
  } else if (prefix === 'audit-run') {
    found = await db.selectFrom('audit_runs').select('id').where('id', '=', value).executeTakeFirst();
  } else {
    found = await db.selectFrom('assets').select('id').where((eb) => eb.or([eb('tag', '=', value), eb('id', '=', value)])).executeTakeFirst();
  }
  const kind = prefix === 'audit-run' ? 'audit_run' : (prefix ?? 'asset') as AttachmentOwnerRef['kind'];
  if (!found) throw new AppError('NOT_FOUND', prefix ? `No ${prefix.replace('-', ' ')} "${value}"` : `No asset with tag or id "${value}"`);
  return { kind, id: found.id };
}

/** `custodia attachment add OWNER FILE`: the same checks and the same transaction as an upload. */
export async function attachmentAddCommand(owner: string, file: string, options: { description?: string; name?: string; category?: string }): Promise<void> {
  const maxBytes = positiveIntegerSetting('CUSTODIA_ATTACHMENT_MAX_BYTES');
  // A missing file names itself (ENOENT carries the path); a directory is named here, before the database is opened.
  if (statSync(file).isDirectory()) throw cliError('NOT_A_FILE', `${file} is a directory; give the file to attach`);
  const { ctx, database } = await openCliContext();
  try {
    const added = await addAttachment(ctx, await ownerOf(database, owner), { path: file, fileName: options.name ?? basename(file), description: options.description ?? null, category: options.category ?? null }, maxBytes ? { maxBytes } : {});
    process.stdout.write(`${added.id}\t${added.fileName}\t${added.kind}\t${added.category}\t${added.sizeBytes} bytes\tsha256:${added.sha256}\n`);
  } finally {
    await database.close();
  }
}

/** `custodia attachment list OWNER`: one line per file, newest first. */
export async function attachmentListCommand(owner: string, options: { deleted?: boolean }): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const ref = await ownerOf(database, owner);
    let cursor: string | undefined;
    do {
      const page = await listAttachments(ctx, ref, { limit: 500, cursor, includeDeleted: options.deleted ?? false });
      for (const a of page.items) {
        process.stdout.write(`${a.id}\t${a.fileName}\t${a.kind}\t${a.category}\t${a.sizeBytes}\t${a.uploadedAt}\t${a.uploadedBy}${a.deletedAt ? `\tdeleted ${a.deletedAt} by ${a.deletedBy}: ${a.deleteReason}` : ''}\n`);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  } finally {
    await database.close();
  }
}

/**
 * `custodia attachment get ID --out FILE`: writes the content (standard output without --out). FILE must be new; it is
 * written under a temporary name and takes its place only once complete, so a failure leaves no partial file.
 */
export async function attachmentGetCommand(id: string, options: { out?: string }): Promise<void> {
  if (options.out) assertNewOutput(options.out);
  const { ctx, database } = await openCliContext();
  try {
    // Whatever record keeps it: the command line works with the whole organisation's data.
    const row = await database.db.selectFrom('attachments').select(['owner_kind', 'asset_id', 'person_id', 'supplier_id', 'audit_run_id']).where('id', '=', id).executeTakeFirst();
    const owner = row ? ownerOfRow(row) : null;
    const { attachment, content } = await readAttachmentContent(ctx, id, owner?.id && owner.kind !== 'asset' ? { kind: owner.kind, id: owner.id } : undefined);
    const verified = () => Readable.from(checkedContent(content, attachment, options.out ? 'nothing was written' : 'the output above is incomplete or wrong'));
    if (options.out) await writeOutputFile(options.out, (out) => pipeline(verified(), out, { end: false }));
    else await pipeline(verified(), process.stdout);
    if (options.out) process.stderr.write(`Wrote ${attachment.fileName} (${attachment.sizeBytes} bytes) to ${options.out}\n`);
  } finally {
    await database.close();
  }
}

/**
 * The stored content, checked against the size and SHA-256 recorded when it was attached: content that is missing or
 * altered in the database fails once read to its end (through a temporary file, FILE is then never made).
 */
async function* checkedContent(content: AsyncIterable<Buffer>, attachment: { fileName: string; sizeBytes: number; sha256: string }, outcome: string): AsyncIterable<Buffer> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of content) {
    hash.update(chunk);
    bytes += chunk.length;
    yield chunk;
  }
  const sha256 = hash.digest('hex');
  if (bytes !== attachment.sizeBytes || sha256 !== attachment.sha256) {
    throw cliError('ATTACHMENT_CORRUPT', `The stored content of ${attachment.fileName} (${bytes} bytes, sha256:${sha256}) is not what was attached (${attachment.sizeBytes} bytes, sha256:${attachment.sha256}); ${outcome}`);
  }
}

/**
 * `custodia attachment purge`: what the server's hourly job does, now. The outcome goes to standard output: the count
 * removed, then one line per deleted file whose content is kept (id, name, code, reason: evidence, legal hold).
 */
export async function attachmentPurgeCommand(options: { retentionDays?: number }): Promise<void> {
  const days = options.retentionDays ?? positiveIntegerSetting('CUSTODIA_ATTACHMENT_RETENTION_DAYS') ?? DEFAULT_ATTACHMENT_RETENTION_DAYS;
  const { ctx, database } = await openCliContext();
  try {
    const { purged, kept } = await purgeDeletedAttachments({ ...ctx, source: 'job' }, days);
    process.stdout.write(`Removed the content of ${purged} attachment(s) deleted more than ${days} days ago\n`);
    if (kept.length) process.stdout.write(`Kept the content of ${kept.length} deleted attachment(s) that must be kept:\n`);
    for (const k of kept) process.stdout.write(`${k.id}\t${k.fileName}\t${k.code}\t${k.reason}\n`);
  } finally {
    await database.close();
  }
}
