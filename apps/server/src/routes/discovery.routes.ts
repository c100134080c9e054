import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import * as C from '@custodia/contracts';
import { AppError } from '@custodia/contracts';
import {
  detectNotSeen, entityHistory, getDevice, getDiscrepancy, ingestInventories, listDeviceSoftware, listDevices, listDiscrepancies,
  getDiscoverySettingsVersioned, putDiscoverySettings, readDiscoverySettings, resolveDiscrepancy,
} from '@custodia/core';
import { type InventoryLimits, readInventoryDocument } from '@custodia/data';
import { contextOf } from '../http/context.js';
import { etagOf, requireIfMatch, withEtag } from '../http/etag.js';

const P = C.Problem;
const tags = ['discovery'];

/** Discovered devices, their software, the discrepancy queue and the discovery settings. */
export async function discoveryRoutes(app: FastifyInstance, options: { limits: InventoryLimits }) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/v1/devices', { config: { permission: 'discovery.read' }, schema: { tags, summary: 'Discovered devices, most recently seen first, or by host name (sort=hostname)', description: 'The default order moves while agents report: a device seen again between two page loads goes back to the first page, and someone paging on never sees it. To walk the whole list, page with sort=hostname, which a report moves only when it brings another host name. A cursor only continues the order it was made in (400 INVALID_CURSOR otherwise).', querystring: C.DeviceListQuery, response: { 200: C.pageOf(C.DeviceSummary), 400: P } } },
    async (req) => listDevices(contextOf(req), req.query));
  r.get('/api/v1/devices/:id', { config: { permission: 'discovery.read' }, schema: { tags, summary: 'A discovered device: identity, operating system, components, recent inventories', params: C.IdParams, response: { 200: C.DeviceDetail, 404: P } } },
    async (req) => getDevice(contextOf(req), req.params.id));
  r.get('/api/v1/devices/:id/software', { config: { permission: 'discovery.read' }, schema: { tags, summary: 'The software inventory of a device', params: C.IdParams, querystring: C.SoftwareQuery, response: { 200: C.pageOf(C.InstalledSoftwareSchema), 404: P } } },
    async (req) => listDeviceSoftware(contextOf(req), req.params.id, req.query));

  const history = C.ListQuery.pick({ limit: true, cursor: true });
  r.get('/api/v1/devices/:id/history', { config: { permission: 'discovery.read' }, schema: { tags, summary: 'History of the device: discovered, linked, software changes', params: C.IdParams, querystring: history, response: { 200: C.pageOf(C.HistoryEvent), 404: P } } },
    async (req) => {
      const ctx = contextOf(req);
      await getDevice(ctx, req.params.id);
      return entityHistory(ctx, 'device', req.params.id, req.query);
    });
  r.get('/api/v1/discrepancies/:id/history', { config: { permission: 'discovery.read' }, schema: { tags, summary: 'History of the discrepancy: raised, resolved', params: C.IdParams, querystring: history, response: { 200: C.pageOf(C.HistoryEvent), 404: P } } },
    async (req) => {
      const ctx = contextOf(req);
      await getDiscrepancy(ctx, req.params.id);
      return entityHistory(ctx, 'discrepancy', req.params.id, req.query);
    });

  r.get('/api/v1/discrepancies', { config: { permission: 'discovery.read' }, schema: { tags, summary: 'The discrepancy queue (what discovery and audits found against the register), last detected first, or newest raised first (sort=-createdAt)', description: 'The default order moves while agents report: a discrepancy detected again between two page loads goes back to the first page, and someone paging on never sees it. To walk the whole queue, page with sort=-createdAt, which detections do not change. A cursor only continues the order it was made in (400 INVALID_CURSOR otherwise).', querystring: C.DiscrepancyListQuery, response: { 200: C.pageOf(C.Discrepancy), 400: P } } },
    async (req) => listDiscrepancies(contextOf(req), req.query));
  r.get('/api/v1/discrepancies/:id', { config: { permission: 'discovery.read' }, schema: { tags, summary: 'One discrepancy with its evidence and the resolutions it allows', params: C.IdParams, response: { 200: C.Discrepancy, 404: P } } },
    async (req, reply) => withEtag(reply, await getDiscrepancy(contextOf(req), req.params.id)));
  r.post('/api/v1/discrepancies/:id/resolve', {
    config: { permission: 'discovery.resolve' },
    schema: { tags, summary: 'Resolve a discrepancy (If-Match): link, register, accept the discovered value, corrected in the register, keep the register value, mark missing, ignore until a date, dismiss', description: 'corrected records that a person already corrected the asset through its own use cases (an edit, a transition, an assignment, a move): it changes nothing by itself, needs a note saying what was changed, and is refused with 409 NOTHING_CORRECTED when no person changed the asset since the discrepancy was raised. A resolution the discrepancy does not offer: 422 VALIDATION_FAILED (field resolution, RESOLUTION_NOT_ALLOWED).', params: C.IdParams, body: C.DiscrepancyResolve, response: { 200: C.Discrepancy, 404: P, 409: P, 412: P, 422: P, 428: P } },
  }, async (req, reply) => withEtag(reply, await resolveDiscrepancy(contextOf(req), req.params.id, requireIfMatch(req), req.body)));

  r.get('/api/v1/discovery/settings', { config: { permission: 'discovery.read' }, schema: { tags, summary: 'Reconciliation rules, field ownership, deny list, retention, agent networks (ETag: their version)', response: { 200: C.DiscoverySettings } } },
    async (req, reply) => {
      const { settings, version } = await getDiscoverySettingsVersioned(contextOf(req));
      reply.header('ETag', etagOf(version));
      return settings;
    });
  r.put('/api/v1/discovery/settings', { config: { permission: 'discovery.manage' }, schema: { tags, summary: 'Replace the discovery settings (If-Match required; the change is recorded in the history)', body: C.DiscoverySettings, response: { 200: C.DiscoverySettings, 412: P, 422: P, 428: P } } },
    async (req, reply) => {
      const { settings, version } = await putDiscoverySettings(contextOf(req), requireIfMatch(req), req.body);
      reply.header('ETag', etagOf(version));
      return settings;
    });
  r.post('/api/v1/discovery/detect-not-seen', { config: { permission: 'discovery.manage' }, schema: { tags, summary: 'Queue assets whose devices have not reported for the configured number of days (also runs hourly)', response: { 200: z.object({ queued: z.number().int() }) } } },
    async (req) => detectNotSeen({ ...contextOf(req), source: 'job' }));

  // Inventory files (agent XML, GLPI JSON, CSV discovery feeds, CycloneDX / SPDX SBOMs), as the CLI imports them.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: options.limits.maxCompressedBytes }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/api/v1/inventory/files', {
      config: { permission: 'imports.run' },
      schema: {
        tags, summary: 'Upload an inventory file (body = the file: agent XML, GLPI JSON, CSV discovery feed, CycloneDX or SPDX SBOM; zlib/gzip accepted)',
        description: 'An SBOM may name its device (`deviceId`): its software is then that device\'s, whatever host or application the SBOM names. Without it an SBOM goes to the known device of the host name it names, or registers a new one.',
        querystring: z.strictObject({ fileName: C.ShortText.optional(), deviceId: C.Id.optional() }), response: { 200: C.InventoryUploadResult, 400: P, 404: P, 413: P, 415: P, 422: P },
      },
    }, async (req) => {
      // Discovery links, updates and registers assets wherever their identifiers lead, across every org unit, as an
      // organisation-wide agent token does: a grant on some units only is not enough.
      if (req.auth?.scope.kind !== 'all') throw new AppError('FORBIDDEN', 'Uploading inventory files needs imports.run on the whole organisation');
      const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const doc = readInventoryDocument(body, { fileName: req.query.fileName ?? null, limits: options.limits });
      const ctx = { ...contextOf(req), source: 'agent' as const };
      const deviceId = req.query.deviceId;
      if (deviceId !== undefined) {
        // Only an SBOM has nothing else to be matched by; an agent inventory or a feed row names its machine itself.
        if (doc.kind !== 'cyclonedx' && doc.kind !== 'spdx') throw new AppError('VALIDATION_FAILED', 'Only an SBOM upload may name its device', { errors: [{ field: 'deviceId', code: 'not_allowed', message: `a ${doc.kind} inventory names its device itself` }] });
        await getDevice(ctx, deviceId);
      }
      const settings = await readDiscoverySettings(ctx.database.db);
      const results = [];
      // A discovery feed can hold thousands of devices: 200 per transaction, each row in its own savepoint.
      for (let i = 0; i < doc.snapshots.length; i += 200) {
        const chunk = doc.snapshots.slice(i, i + 200).map((snapshot) => ({ ctx, receipt: { snapshot, format: doc.kind, payload: doc.snapshots.length === 1 ? body : Buffer.from(JSON.stringify(snapshot)), agentTokenId: null, orgUnitId: null, remoteAddress: req.ip, ...(deviceId ? { deviceId } : {}) } }));
        for (const [j, r] of (await ingestInventories(ctx, chunk, settings)).entries()) {
          if (r.ok) results.push({ deviceId: r.result.deviceId, assetId: r.result.assetId, outcome: r.result.outcome, decision: r.result.decision, hostname: r.result.hostname });
          else if (r.error instanceof AppError) results.push({ deviceId: null, assetId: null, outcome: 'failed', decision: r.error.message, hostname: chunk[j]!.receipt.snapshot.identity.hostname });
          else throw r.error;
        }
      }
      return { kind: doc.kind, results };
    });
  });
}
