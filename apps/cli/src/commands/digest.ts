import { DEFAULT_DIGEST_HOUR } from '@custodia/domain';
import { digestSchedule, mailSettings, smtpMailer } from '@custodia/data';
import { sendDailyDigests } from '@custodia/core';
import { openCliContext } from '../cli-context.js';
import { cliError } from '../cli-error.js';

/**
 * `custodia digest send [--dry-run]`: sends today's daily digests as the server's hourly job does (from the digest hour
 * of the organisation's day on, once per account and day, claimed so a running server does not send them again).
 * `--dry-run` says who would get one and how many items, claiming and sending nothing; it needs no mail settings.
 */
export async function digestSendCommand(options: { dryRun?: boolean }): Promise<void> {
  // Checked before the database is opened: a mistaken setting stops the command with its reason.
  const mail = mailSettings();
  const hour = digestSchedule(process.env, DEFAULT_DIGEST_HOUR).hour;
  if (!mail && !options.dryRun) throw cliError('MAIL_NOT_CONFIGURED', 'CUSTODIA_SMTP_URL is not set: no digest can be sent (--dry-run shows what would be)');
  const publicUrl = mail?.publicUrl ?? (process.env['CUSTODIA_PUBLIC_URL']?.trim().replace(/\/+$/, '') || 'http://127.0.0.1:8080');
  const { ctx, database } = await openCliContext('cli');
  const mailer = mail && !options.dryRun ? smtpMailer(mail) : null;
  try {
    const r = await sendDailyDigests({ ...ctx, actor: 'job:digest', source: 'job' }, { mailer, publicUrl, hour, dryRun: Boolean(options.dryRun) });
    if (!r.due) {
      process.stdout.write(`Not yet the digest hour (${String(hour).padStart(2, '0')}:00, ${ctx.timeZone}) of ${r.day}: nothing sent\n`);
      return;
    }
    for (const w of r.wouldSend) process.stdout.write(`would send to ${w.login} <${w.email}>: ${w.subject}\n`);
    for (const s of r.sent) process.stdout.write(`sent to ${s.login} <${s.email}>: ${s.count} item${s.count === 1 ? '' : 's'}\n`);
    for (const f of r.failed) process.stderr.write(`not sent to ${f.login}: ${f.error}\n`);
    const summary = options.dryRun ? `${r.wouldSend.length} would be sent` : `${r.sent.length} sent, ${r.failed.length} failed`;
    process.stdout.write(`Digests of ${r.day}: ${summary}, ${r.empty} with nothing due, ${r.alreadyHandled} already sent or being sent\n`);
    if (r.failed.length) process.exitCode = 1;
  } finally {
    mailer?.close();
    await database.close();
  }
}
