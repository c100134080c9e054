import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendDailyDigests, systemContext } from '@custodia/core';
import { type Mailer, smtpMailer } from '@custodia/data';
import { readStoredChanges } from '@custodia/domain';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, snapshotCounts, startApi } from '../../../test/support/api.js';
import { type Res, assetTypes, create, etag, expectProblem, ok, uniq } from './support/http.js';
import { franceAndGermany } from './support/places.js';
import { type TestSmtp, startSmtp } from '../../../test/support/smtp.js';

/**
 * The daily attention digest, end to end: each account's own settings (/api/v1/me/notifications, If-Match, refusals
 * writing nothing), the preview scoped as the lists it links to, and the mail itself sent to a real SMTP server
 * (smtp-server, in this process): once per account and day, not for an empty digest, retried after the SMTP server
 * was down, never twice when two runs race.
 */
describe.each(ENGINES)('daily digest ($name)', (engine) => {
  let api: TestApi;
  let smtp: TestSmtp;
  let now = '2026-12-21T08:00:00Z';
  const clock = () => new Date(now);
  const base = '/api/v1/me/notifications';
  const ref: Record<string, any> = {};
  type Who = { accountId: string; login: string; auth: Record<string, string> };
  let ana: Who; let bob: Who; let carl: Who; let dora: Who;
  const as = (who: Who, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => api.call(method, url, body, { ...who.auth, ...headers });
  const job = () => systemContext(api.db, 'job', 'job:digest', clock, 'UTC');
  const run = (mailer: Mailer) => sendDailyDigests(job(), { mailer, publicUrl: 'https://itam.example.org', hour: 7 });

  async function account(login: string, grants: { role: string; orgUnitId?: string | null }[], email: string | null, personId: string | null = null): Promise<Who> {
    const u = await api.user(login, grants, { personId });
    if (email) {
      const current = await ok(api, 'GET', `/api/v1/accounts/${u.accountId}`);
      await ok(api, 'PATCH', `/api/v1/accounts/${u.accountId}`, { email }, { 'if-match': etag(current) });
    }
    return { ...u, login };
  }
  /** The notification tables and the history: a refusal must leave them as they were. */
  async function state() {
    return {
      counts: await snapshotCounts(api.db),
      preferences: await api.db.db.selectFrom('notification_preferences').selectAll().orderBy('account_id').execute(),
      deliveries: await api.db.db.selectFrom('digest_deliveries').selectAll().orderBy('id').execute(),
    };
  }
  async function refusedPut(who: Who, body: unknown, headers: Record<string, string>, status: number, code: string): Promise<Res> {
    const before = await state();
    const res = await as(who, 'PUT', base, body, headers);
    expectProblem(res, status, code);
    expect(await state(), `${code} must write nothing`).toEqual(before);
    return res;
  }
  const deliveries = (accountId: string) => api.db.db.selectFrom('digest_deliveries').select(['day', 'status', 'attempts', 'item_count', 'error']).where('account_id', '=', accountId).orderBy('day').execute();

  beforeAll(async () => {
    api = await startApi(engine, { clock, app: { digest: { mailConfigured: true, hour: 7 } } });
    smtp = await startSmtp();
    const laptop = (await assetTypes(api))['laptop'].id;
    Object.assign(ref, await franceAndGermany(api));
    const anaPerson = await create(api, '/api/v1/people', { name: 'Ana Lopez', orgUnitId: ref.fr.id });
    const other = await create(api, '/api/v1/people', { name: 'Otto Weber', orgUnitId: ref.de.id });
    // Ana: analyst of France (register, queue, audits there) and consumer of her own assets.
    ana = await account(uniq('ana'), [{ role: 'it_asset_analyst', orgUnitId: ref.fr.id }, { role: 'asset_consumer' }], 'ana@example.org', anaPerson.id);
    bob = await account(uniq('bob'), [{ role: 'asset_consumer' }], null);
    carl = await account(uniq('carl'), [{ role: 'asset_consumer' }], 'carl@example.org');
    dora = await account(uniq('dora'), [{ role: 'it_asset_analyst' }], 'dora@example.org');
    const asset = (name: string, body: Record<string, unknown>) => create(api, '/api/v1/assets', { name, assetTypeId: laptop, ...body });
    ref.loan = await asset('Ana loan', { ownerOrgUnitId: ref.fr.id, stage: 'in_use', assignedPersonId: anaPerson.id, expectedReturnDate: '2026-12-15' });
    ref.germanLoan = await asset('German loan', { ownerOrgUnitId: ref.de.id, stage: 'in_use', assignedPersonId: other.id, expectedReturnDate: '2026-12-10' });
    ref.warranty = await asset('French warranty', { ownerOrgUnitId: ref.fr.id, stage: 'in_stock', warrantyEnd: '2027-01-10' });
    ref.germanWarranty = await asset('German warranty', { ownerOrgUnitId: ref.de.id, stage: 'in_stock', warrantyEnd: '2027-01-05' });
    ref.missing = await asset('Never found', { ownerOrgUnitId: ref.fr.id, stage: 'in_stock', locationId: ref.paris.id });
    // An audit of Paris finds nothing: the laptop there becomes a finding owned by Ana, due in two days.
    const paris = await create(api, '/api/v1/audit-plans', { name: 'Paris check', scopeLocationId: ref.paris.id });
    const auditRun = await create(api, `/api/v1/audit-plans/${paris.id}/runs`, undefined);
    await ok(api, 'POST', `/api/v1/audit-runs/${auditRun.id}/close`, { ownerOfFindings: ana.login, findingsDueOn: '2026-12-23' }, { 'if-match': `"${auditRun.version}"` });
    ref.soon = await create(api, '/api/v1/audit-plans', { name: 'Lyon count', scopeOrgUnitId: ref.fr.id, dueOn: '2026-12-26', assignees: [ana.login] });
    ref.later = await create(api, '/api/v1/audit-plans', { name: 'Nantes count', scopeOrgUnitId: ref.fr.id, dueOn: '2027-01-30', assignees: [ana.login] });
    ref.german = await create(api, '/api/v1/audit-plans', { name: 'Hamburg count', scopeOrgUnitId: ref.de.id, dueOn: '2026-12-24', assignees: [ana.login] });
    ref.others = await create(api, '/api/v1/audit-plans', { name: 'Lille count', scopeOrgUnitId: ref.fr.id, dueOn: '2026-12-22', assignees: [dora.login] });
  });
  afterAll(async () => { await smtp?.close(); await api?.close(); });

  it('an account\'s settings start off, with the sections its permissions give it', async () => {
    const res = await as(ana, 'GET', base);
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toBe('"0"');
    expect(res.body).toMatchObject({
      digest: false, sections: ['discrepancies', 'auditPlans', 'overdueLoans', 'keyDates', 'myOverdueReturns'], email: 'ana@example.org', mailConfigured: true, digestHour: 7, timeZone: 'UTC', lastSentOn: null, version: 0,
    });
    expect((await as(carl, 'GET', base)).body.availableSections.map((s: any) => s.key)).toEqual(['myOverdueReturns']);
  });

  it('refuses bad changes and writes nothing', async () => {
    const on = { digest: true, sections: ['myOverdueReturns'] };
    await refusedPut(carl, on, {}, 428, 'PRECONDITION_REQUIRED');
    await refusedPut(carl, on, { 'if-match': '"3"' }, 412, 'VERSION_MISMATCH');
    await refusedPut(carl, { ...on, hour: 6 }, { 'if-match': '"0"' }, 422, 'UNKNOWN_FIELD');
    await refusedPut(carl, { digest: true }, { 'if-match': '"0"' }, 422, 'VALIDATION_FAILED');
    await refusedPut(carl, { digest: true, sections: ['myOverdueReturns', 'myOverdueReturns'] }, { 'if-match': '"0"' }, 422, 'VALIDATION_FAILED');
    await refusedPut(carl, { digest: true, sections: ['tomorrow'] }, { 'if-match': '"0"' }, 422, 'VALIDATION_FAILED');
    const foreign = await refusedPut(carl, { digest: true, sections: ['discrepancies'] }, { 'if-match': '"0"' }, 422, 'VALIDATION_FAILED');
    expect(foreign.body.errors[0]).toMatchObject({ field: 'sections', code: 'DIGEST_SECTION_NOT_AVAILABLE' });
    const none = await refusedPut(carl, { digest: true, sections: [] }, { 'if-match': '"0"' }, 422, 'VALIDATION_FAILED');
    expect(none.body.errors[0]).toMatchObject({ field: 'sections', code: 'DIGEST_NO_SECTIONS' });
    // No e-mail address: the digest cannot be switched on (switching it off is always allowed).
    await refusedPut(bob, on, { 'if-match': '"0"' }, 422, 'DIGEST_NEEDS_EMAIL');
    const off = await as(bob, 'PUT', base, { digest: false, sections: ['myOverdueReturns'] }, { 'if-match': '"0"' });
    expect(off.status).toBe(200);
  });

  it('switches the digest on, with If-Match, recorded in the account\'s history', async () => {
    const res = await as(ana, 'PUT', base, { digest: true, sections: ['myOverdueReturns', 'discrepancies', 'auditPlans', 'overdueLoans', 'keyDates'] }, { 'if-match': '"0"' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.headers['etag']).toBe('"1"');
    expect(res.body).toMatchObject({ digest: true, sections: ['discrepancies', 'auditPlans', 'overdueLoans', 'keyDates', 'myOverdueReturns'], version: 1 });
    await refusedPut(ana, { digest: false, sections: [] }, { 'if-match': '"0"' }, 412, 'VERSION_MISMATCH');
    const event = await api.db.db.selectFrom('events').select(['action', 'actor', 'changes']).where('entity_type', '=', 'account').where('entity_id', '=', ana.accountId).orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(event).toMatchObject({ action: 'update', actor: ana.login });
    expect(readStoredChanges(event.changes)).toMatchObject({ digestEmail: { before: false, after: true } });
    expect((await as(carl, 'PUT', base, { digest: true, sections: ['myOverdueReturns'] }, { 'if-match': '"0"' })).status).toBe(200);
  });

  it('previews today\'s digest within the account\'s scope, as the lists it links to count', async () => {
    const res = await as(ana, 'GET', `${base}/digest`);
    expect(res.status).toBe(200);
    const byKey = Object.fromEntries(res.body.sections.map((s: any) => [s.key, s]));
    expect(res.body).toMatchObject({ day: '2026-12-21', count: 5 });
    expect(byKey.discrepancies.items.map((i: any) => [i.tag, i.date, i.overdue])).toEqual([[ref.missing.tag, '2026-12-23', false]]);
    expect(byKey.auditPlans.items.map((i: any) => [i.name, i.path])).toEqual([['Lyon count', `/audits/${ref.soon.id}`]]);
    expect(byKey.overdueLoans.items.map((i: any) => [i.tag, i.overdue])).toEqual([[ref.loan.tag, true]]);
    expect(byKey.overdueLoans.lists).toEqual([{ label: 'Overdue returns in the register', path: '/assets?keyDate=return_overdue', count: 1 }]);
    expect(byKey.keyDates.items.map((i: any) => [i.tag, i.date])).toEqual([[ref.warranty.tag, '2027-01-10']]);
    expect(byKey.myOverdueReturns.items.map((i: any) => [i.tag, i.date, i.path])).toEqual([[ref.loan.tag, '2026-12-15', '/me']]);
    // The register's own list agrees with the section's count, in Ana's scope.
    const loans = await as(ana, 'GET', '/api/v1/assets?keyDate=return_overdue&includeTotal=true');
    expect(loans.body.total).toBe(byKey.overdueLoans.count);
    // Nothing due for Carl: an empty preview, and no mail will be sent.
    expect((await as(carl, 'GET', `${base}/digest`)).body).toEqual({ day: '2026-12-21', count: 0, sections: [] });
  });

  it('sends nothing before the digest hour', async () => {
    now = '2026-12-21T06:59:00Z';
    const r = await run(smtpMailer({ smtpUrl: smtp.url, from: 'Custodia <itam@example.org>' }));
    now = '2026-12-21T08:00:00Z';
    expect(r.due).toBe(false);
    expect(smtp.received).toHaveLength(0);
    expect(await deliveries(ana.accountId)).toEqual([]);
  });

  it('SMTP down: nothing recorded as sent; the next run sends, once a day, only to who opted in and has something due', async () => {
    const down = await startSmtp();
    await down.close();
    const broken = smtpMailer({ smtpUrl: down.url, from: 'Custodia <itam@example.org>' });
    const failed = await run(broken);
    broken.close();
    expect(failed.sent).toEqual([]);
    expect(failed.failed.map((f) => f.login)).toEqual([ana.login]);
    expect(failed.failed[0]!.error).toMatch(/ECONNREFUSED|ESOCKET|ECONNECTION/);
    expect(await deliveries(ana.accountId)).toEqual([{ day: '2026-12-21', status: 'failed', attempts: 1, item_count: 5, error: expect.any(String) }]);

    const mailer = smtpMailer({ smtpUrl: smtp.url, from: 'Custodia <itam@example.org>' });
    try {
      const sent = await run(mailer);
      expect(sent.sent).toEqual([{ login: ana.login, email: 'ana@example.org', count: 5 }]);
      // Carl opted in but has nothing due; Dora and Bob did not opt in.
      expect(sent.empty).toBe(1);
      expect(smtp.received).toHaveLength(1);
      const mail = smtp.received[0]!;
      expect(mail.to).toEqual(['ana@example.org']);
      expect(mail.from).toBe('itam@example.org');
      expect(mail.text).toMatch(/^Subject: Custodia: 5 items need your attention \(2026-12-21\)$/m);
      expect(mail.text).toMatch(/^To: ana@example\.org$/m);
      for (const expected of [ref.loan.tag, ref.warranty.tag, ref.missing.tag, 'Lyon count', `https://itam.example.org/assets/${ref.loan.id}`, 'https://itam.example.org/assets?keyDate=return_overdue', `https://itam.example.org/audits/${ref.soon.id}`]) {
        expect(mail.text).toContain(expected);
      }
      for (const unexpected of [ref.germanLoan.tag, ref.germanWarranty.tag, 'Hamburg count', 'Nantes count', 'Lille count']) expect(mail.text).not.toContain(unexpected);
      expect(await deliveries(ana.accountId)).toEqual([{ day: '2026-12-21', status: 'sent', attempts: 2, item_count: 5, error: null }]);
      expect(await deliveries(carl.accountId)).toEqual([]);
      expect((await as(ana, 'GET', base)).body.lastSentOn).toBe('2026-12-21');

      // The same day again: no second mail.
      const again = await run(mailer);
      expect(again.sent).toEqual([]);
      expect(smtp.received).toHaveLength(1);
    } finally {
      mailer.close();
    }
  });

  it('two runs at once on a new day send one mail', async () => {
    now = '2026-12-22T09:00:00Z';
    const a = smtpMailer({ smtpUrl: smtp.url, from: 'itam@example.org' });
    const b = smtpMailer({ smtpUrl: smtp.url, from: 'itam@example.org' });
    try {
      const [r1, r2] = await Promise.all([run(a), run(b)]);
      expect(r1.sent.length + r2.sent.length).toBe(1);
      expect(smtp.received.filter((m) => m.text.includes('(2026-12-22)'))).toHaveLength(1);
      expect((await deliveries(ana.accountId)).map((d) => [d.day, d.status])).toEqual([['2026-12-21', 'sent'], ['2026-12-22', 'sent']]);
    } finally {
      a.close();
      b.close();
      now = '2026-12-21T08:00:00Z';
    }
  });

  it('switched off: no more mail', async () => {
    const current = await as(ana, 'GET', base);
    expect((await as(ana, 'PUT', base, { digest: false, sections: current.body.sections }, { 'if-match': etag(current) })).status).toBe(200);
    now = '2026-12-23T09:00:00Z';
    const mailer = smtpMailer({ smtpUrl: smtp.url, from: 'itam@example.org' });
    try {
      const r = await run(mailer);
      expect(r.sent).toEqual([]);
      expect(smtp.received.filter((m) => m.text.includes('(2026-12-23)'))).toHaveLength(0);
    } finally {
      mailer.close();
      now = '2026-12-21T08:00:00Z';
    }
    expect(dora.login).toBeTruthy();
  });
});
