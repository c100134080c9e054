import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import {
  auditPlanTrend, auditReport, auditReportCsv, closeAuditRun, createAuditPlan, getAuditPlan, getAuditRun, listAuditPlans, listAuditors, recordAuditItem, startAuditRun, updateAuditPlan,
} from '@custodia/core';
import { contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

const tags = ['audits'];
const P = C.Problem;
const writeProblems = { 404: P, 409: P, 412: P, 422: P, 428: P };

/**
 * Physical audits (ITAM practice guide §2.2.5, Table 3.6): plan, run, record what is found (scan or type a tag),
 * close (findings become discrepancies with an owner and a due date), report. Plans and runs are scoped by the plan's
 * org unit: outside the caller's scope they answer 404.
 */
export async function auditRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const plan = '/api/v1/audit-plans/:id';
  const run = '/api/v1/audit-runs/:id';

  r.get('/api/v1/audit-plans', { config: { permission: 'audits.read' }, schema: { tags, summary: 'Audit plans within your scope, newest first', querystring: C.AuditPlanListQuery, response: { 200: C.pageOf(C.AuditPlan), 400: P } } },
    async (req) => listAuditPlans(contextOf(req), req.query));

  r.get('/api/v1/auditors', { config: { permission: 'audits.plan' }, schema: { tags, summary: 'Accounts that can be named as an audit\'s assignees: active, allowed to record audit work within your scope', response: { 200: C.Auditors } } },
    async (req) => listAuditors(contextOf(req)));

  r.post('/api/v1/audit-plans', { config: { permission: 'audits.plan' }, schema: { tags, summary: 'Plan an audit: scope (location, org unit, asset type — at least one), method, assignees, due date', body: C.AuditPlanCreate, response: { 201: C.AuditPlan, 409: P, 422: P } } },
    async (req, reply) => {
      const created = await createAuditPlan(contextOf(req), req.body);
      reply.code(201).header('Location', `/api/v1/audit-plans/${created.id}`);
      return withEtag(reply, created);
    });

  r.get(plan, { config: { permission: 'audits.read' }, schema: { tags, summary: 'An audit plan with its runs and their counts', params: C.IdParams, response: { 200: C.AuditPlanDetail, 404: P } } },
    async (req, reply) => withEtag(reply, await getAuditPlan(contextOf(req), req.params.id)));

  r.get(`${plan}/trend`, { config: { permission: 'audits.read' }, schema: { tags, summary: 'How accurate the register was at each closed run of the plan (found where expected over expected; a sample over its drawn assets), and the change from the run before', params: C.IdParams, response: { 200: C.AuditPlanTrend, 404: P } } },
    async (req) => auditPlanTrend(contextOf(req), req.params.id));

  r.patch(plan, { config: { permission: 'audits.plan' }, schema: { tags, summary: 'Edit an audit plan, cancel it or reopen it (If-Match required)', params: C.IdParams, body: C.AuditPlanUpdate, response: { 200: C.AuditPlan, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await updateAuditPlan(contextOf(req), req.params.id, requireIfMatch(req), req.body)));

  r.post(`${plan}/runs`, { config: { permission: 'audits.plan' }, schema: { tags, summary: 'Start a run: snapshot the assets the register places in the plan\'s scope as expected items', params: C.IdParams, response: { 201: C.AuditRun, 404: P, 409: P } } },
    async (req, reply) => {
      const started = await startAuditRun(contextOf(req), req.params.id);
      reply.code(201).header('Location', `/api/v1/audit-runs/${started.id}`);
      return withEtag(reply, started);
    });

  r.get(run, { config: { permission: 'audits.read' }, schema: { tags, summary: 'A run with its counts and one page of its items', params: C.IdParams, querystring: C.AuditItemListQuery, response: { 200: C.AuditRunDetail, 400: P, 404: P } } },
    async (req, reply) => withEtag(reply, await getAuditRun(contextOf(req), req.params.id, req.query)));

  r.post(`${run}/items`, { config: { permission: 'audits.record' }, schema: { tags, summary: 'Record a tag seen (scanned or typed); the same tag again changes nothing', params: C.IdParams, body: C.AuditRecordBody, response: { 200: C.AuditRecordResult, 404: P, 409: P, 422: P } } },
    async (req, reply) => {
      const recorded = await recordAuditItem(contextOf(req), req.params.id, req.body);
      reply.header('ETag', `"${recorded.run.version}"`);
      return recorded;
    });

  r.post(`${run}/close`, { config: { permission: 'audits.plan' }, schema: { tags, summary: 'Close a run (If-Match required): pending items become missing, findings become discrepancies, found assets are verified today', params: C.IdParams, body: C.AuditCloseBody, response: { 200: C.AuditCloseResult, ...writeProblems } } },
    async (req, reply) => withEtag(reply, await closeAuditRun(contextOf(req), req.params.id, requireIfMatch(req), req.body)));

  r.get(`${run}/report`, {
    config: { permission: 'audits.read' },
    schema: {
      tags, summary: 'The report of a run: plan, counts of each result and one page of its items (findings first, then by tag) with location names',
      description: 'The counts in `run` are the totals over every page; follow `nextCursor` for the next items. The CSV report holds every item in one file.',
      params: C.IdParams, querystring: C.AuditReportQuery, response: { 200: C.AuditReport, 400: P, 404: P },
    },
  }, async (req) => auditReport(contextOf(req), req.params.id, req.query));

  r.get(`${run}/report.csv`, { config: { permission: 'audits.read' }, schema: { tags, summary: 'The report of a run as CSV (UTF-8 with BOM; cells that could run as formulas are escaped)', params: C.IdParams, response: { 200: z.any(), 404: P } } },
    async (req, reply) => {
      const csv = await auditReportCsv(contextOf(req), req.params.id);
      const out = new PassThrough();
      csv.write(out).catch((error: unknown) => { req.log.error({ err: error }, 'audit report failed'); out.destroy(error as Error); });
      return reply
        .header('Content-Type', 'text/csv; charset=utf-8')
        .header('Content-Disposition', `attachment; filename="${csv.fileName}"`)
        .header('Cache-Control', 'no-store')
        .send(out);
    });
}
