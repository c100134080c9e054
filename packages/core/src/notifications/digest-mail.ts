import { type Digest, digestSubject } from '@custodia/domain';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The digest as an e-mail: plain text and the same in simple HTML (no images, no scripts, no tracking), every item and
 * list linked absolutely under the server's public URL. Names come from the register, so the HTML escapes them.
 */
export function renderDigestMail(digest: Digest, options: { publicUrl: string; displayName: string }): { subject: string; text: string; html: string } {
  const url = (path: string) => `${options.publicUrl}${path}`;
  const itemLine = (i: Digest['sections'][number]['items'][number]) => `${i.tag ? `${i.tag} · ` : ''}${i.name} — ${i.overdue ? 'overdue since' : 'due'} ${i.date}`;
  const text: string[] = [`Hello ${options.displayName},`, '', `${digest.count} ${digest.count === 1 ? 'item needs' : 'items need'} your attention today (${digest.day}).`];
  const html: string[] = [`<p>Hello ${escapeHtml(options.displayName)},</p>`, `<p>${digest.count} ${digest.count === 1 ? 'item needs' : 'items need'} your attention today (${digest.day}).</p>`];
  for (const s of digest.sections) {
    text.push('', `${s.title}: ${s.count}`);
    html.push(`<h2 style="font-size:16px">${escapeHtml(s.title)}: ${s.count}</h2>`, '<ul>');
    for (const i of s.items) {
      text.push(`  - ${itemLine(i)}`, `    ${url(i.path)}`);
      html.push(`<li><a href="${escapeHtml(url(i.path))}">${escapeHtml(i.tag ?? i.name)}</a>${i.tag ? ` ${escapeHtml(i.name)}` : ''} — ${i.overdue ? '<strong>overdue since</strong>' : 'due'} ${i.date}</li>`);
    }
    html.push('</ul>');
    for (const l of s.lists) {
      text.push(`  All ${l.count}: ${l.label} — ${url(l.path)}`);
      html.push(`<p><a href="${escapeHtml(url(l.path))}">${escapeHtml(l.label)}</a> (${l.count})</p>`);
    }
  }
  const footer = `You receive this daily digest because you switched it on. Change it on your account page: ${url('/account')}`;
  text.push('', '--', footer);
  html.push('<hr>', `<p style="font-size:12px">You receive this daily digest because you switched it on. <a href="${escapeHtml(url('/account'))}">Change it on your account page</a>.</p>`);
  return { subject: digestSubject(digest), text: `${text.join('\n')}\n`, html: `<!doctype html><html><body>${html.join('\n')}</body></html>` };
}
