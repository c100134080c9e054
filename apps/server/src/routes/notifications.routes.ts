import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as C from '@custodia/contracts';
import { getNotificationSettings, previewDigest, updateNotificationSettings } from '@custodia/core';
import { accountOf, contextOf } from '../http/context.js';
import { requireIfMatch, withEtag } from '../http/etag.js';

const tags = ['notifications'];
const P = C.Problem;

const serverInfo = (req: FastifyRequest) => ({ mailConfigured: req.server.digest.mailConfigured, digestHour: req.server.digest.hour });

const PUT_DESCRIPTION = 'Switches your daily e-mail digest on or off and chooses its sections (If-Match: the ETag of GET, `"0"` before your first save). '
  + 'Refused with nothing written: on without an e-mail address on your account (422 `DIGEST_NEEDS_EMAIL`), on without any section, or a section your permissions '
  + 'do not give you (422 `VALIDATION_FAILED`). The change is recorded in your account\'s history.';

/**
 * The daily attention digest, the account's own (`self`): its settings, and what today's digest would hold. The digest
 * itself is sent by the server's hourly job (or `custodia digest send`).
 */
export async function notificationRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const base = '/api/v1/me/notifications';

  r.get(base, { config: { permission: 'self' }, schema: { tags, summary: 'Your e-mail digest settings, and whether this server sends mail', response: { 200: C.NotificationSettings } } },
    async (req, reply) => withEtag(reply, await getNotificationSettings(contextOf(req), accountOf(req), serverInfo(req))));

  r.put(base, { config: { permission: 'self' }, schema: { tags, summary: 'Switch your daily e-mail digest on or off and choose its sections', description: PUT_DESCRIPTION, body: C.NotificationSettingsReplacement, response: { 200: C.NotificationSettings, 412: P, 422: P, 428: P } } },
    async (req, reply) => withEtag(reply, await updateNotificationSettings(contextOf(req), accountOf(req), requireIfMatch(req), req.body, serverInfo(req))));

  r.get(`${base}/digest`, { config: { permission: 'self' }, schema: { tags, summary: "What today's digest would hold with your chosen sections (no sections: no mail would be sent today)", response: { 200: C.DigestPreview } } },
    async (req) => previewDigest(contextOf(req), accountOf(req)));
}
