import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import { dashboard, dataQualityTrend, findingsReport, findingsTrend, signCheckpoint } from '@custodia/core';
import { contextOf } from '../http/context.js';

const tags = ['reports'];

export async function reportRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/reports/dashboard', {
    config: { permission: 'assets.read' },
    schema: { tags, summary: 'The register at a glance: assets by stage, type and location, data-quality counts, recent changes (within your scope)', response: { 200: C.Dashboard } },
  }, async (req) => dashboard(contextOf(req)));

  r.get('/api/v1/reports/data-quality/trend', {
    config: { permission: 'assets.read' },
    schema: {
      tags, summary: 'The dashboard\'s data-quality figures over time: for each day a snapshot was taken (hourly by the server), each figure and the assets it is counted over (within your scope)',
      querystring: C.DataQualityTrendQuery, response: { 200: C.DataQualityTrend, 400: C.Problem },
    },
  }, async (req) => dataQualityTrend(contextOf(req), req.query));

  r.get('/api/v1/reports/findings', {
    config: { permission: 'discovery.read' },
    schema: { tags, summary: 'Audit findings and non-compliances: open discrepancies by kind, overdue or without an owner, set aside, resolved lately; discovered devices in the register (within your scope)', response: { 200: C.FindingsReport } },
  }, async (req) => findingsReport(contextOf(req)));

  r.get('/api/v1/reports/findings/trend', {
    config: { permission: 'discovery.read' },
    schema: {
      tags, summary: 'Findings over time: per calendar month of the organisation\'s time zone, discrepancies raised, resolved (by resolution) and open at the month\'s end, in all and per kind (within your scope)',
      querystring: C.FindingsTrendQuery, response: { 200: C.FindingsTrend, 400: C.Problem },
    },
  }, async (req) => findingsTrend(contextOf(req), req.query));

  r.get('/api/v1/history/checkpoint', {
    config: { permission: 'security.read' },
    schema: {
      tags: ['history'], summary: 'A signed checkpoint of the whole history chain, for auditors and monitors to keep outside Custodia (organisation-wide grant)',
      response: { 200: C.HistoryCheckpoint },
    },
  }, async (req) => {
    // The chain is the whole organisation's: its length is not for a grant on one part of it.
    if (req.auth?.scope.kind !== 'all') throw new AppError('FORBIDDEN', 'The history checkpoint needs security.read on the whole organisation');
    const signer = app.historySigner();
    return { checkpoint: await signCheckpoint(contextOf(req), signer), publicKey: signer.publicKeyPem };
  });
}
