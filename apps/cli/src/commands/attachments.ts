import { createWriteStream } from 'node:fs';
import { basename } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@custodia/contracts';
import { DEFAULT_ATTACHMENT_RETENTION_DAYS, addAttachment, listAttachments, purgeDeletedAttachments, readAttachmentContent } from '@custodia/core';
import type { Database } from '@custodia/data';
import { openCliContext } from '../cli-context.js';

/** An asset given by tag (as printed on its label) or by id. */
async function assetIdOf(database: Database, tagOrId: string): Promise<string> {
  const row = await database.db.selectFrom('assets').select('id').where((eb) => eb.or([eb('tag', '=', tagOrId), eb('id', '=', tagOrId)])).executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', `No asset with tag or id "${tagOrId}"`);
  return row.id;
}

/** `custodia attachment add ASSET FILE`: the same checks and the same transaction as an upload. */
export async function attachmentAddCommand(asset: string, file: string, options: { description?: string; name?: string }): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const maxBytes = Number(process.env['CUSTODIA_ATTACHMENT_MAX_BYTES']) || undefined;
    const added = await addAttachment(ctx, await assetIdOf(database, asset), { path: file, fileName: options.name ?? basename(file), description: options.description ?? null }, maxBytes ? { maxBytes } : {});
    process.stdout.write(`${added.id}\t${added.fileName}\t${added.kind}\t${added.sizeBytes} bytes\tsha256:${added.sha256}\n`);
  } finally {
    await database.close();
  }
}

/** `custodia attachment list ASSET`: one line per file, newest first. */
export async function attachmentListCommand(asset: string, options: { deleted?: boolean }): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const assetId = await assetIdOf(database, asset);
    let cursor: string | undefined;
    do {
      const page = await listAttachments(ctx, assetId, { limit: 500, cursor, includeDeleted: options.deleted ?? false });
      for (const a of page.items) {
        process.stdout.write(`${a.id}\t${a.fileName}\t${a.kind}\t${a.sizeBytes}\t${a.uploadedAt}\t${a.uploadedBy}${a.deletedAt ? `\tdeleted ${a.deletedAt} by ${a.deletedBy}: ${a.deleteReason}` : ''}\n`);
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  } finally {
    await database.close();
  }
}

/** `custodia attachment get ID --out FILE`: writes the content (standard output without --out). */
export async function attachmentGetCommand(id: string, options: { out?: string }): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const { attachment, content } = await readAttachmentContent(ctx, id);
    await pipeline(Readable.from(content), options.out ? createWriteStream(options.out, { flags: 'wx' }) : process.stdout);
    if (options.out) process.stderr.write(`Wrote ${attachment.fileName} (${attachment.sizeBytes} bytes) to ${options.out}\n`);
  } finally {
    await database.close();
  }
}

/** `custodia attachment purge`: what the server's hourly job does, now. */
export async function attachmentPurgeCommand(options: { retentionDays?: number }): Promise<void> {
  const { ctx, database } = await openCliContext();
  try {
    const days = options.retentionDays ?? (Number(process.env['CUSTODIA_ATTACHMENT_RETENTION_DAYS']) || DEFAULT_ATTACHMENT_RETENTION_DAYS);
    const { purged } = await purgeDeletedAttachments({ ...ctx, source: 'job' }, days);
    process.stderr.write(`Removed the content of ${purged} attachment(s) deleted more than ${days} days ago\n`);
  } finally {
    await database.close();
  }
}
