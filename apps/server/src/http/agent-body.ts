import { AppError } from '@custodia/contracts';
import { type AgentXmlRequest, type GlpiJsonMessage, type InventoryLimits, type SoftwareList, agentSourceOf, decodeBody, decodeText, parseAgentXml, parseGlpiJson, softwareListOf } from '@custodia/data';

/** What the agent sent, parsed; `software` is the snapshot's software list prepared for storage (sorted, hashed). */
export type AgentBody = ({ kind: 'json'; message: GlpiJsonMessage } | { kind: 'xml'; request: AgentXmlRequest }) & { software: SoftwareList | null };

/** Decompresses (by magic bytes) and parses what an agent posted: GLPI JSON or OCS / FusionInventory XML. */
export function parseAgentBody(body: Uint8Array, userAgent: string | null, limits: InventoryLimits): AgentBody {
  const text = decodeText(decodeBody(Buffer.from(body.buffer, body.byteOffset, body.byteLength), limits));
  if (text.trimStart().startsWith('{')) {
    const message = parseGlpiJson(text, limits, { userAgent });
    return { kind: 'json', message, software: message.snapshot ? softwareListOf(message.snapshot.software) : null };
  }
  const request = parseAgentXml(text, limits, { source: agentSourceOf(userAgent) ?? 'fusioninventory', userAgent });
  return { kind: 'xml', request, software: request.snapshot ? softwareListOf(request.snapshot.software) : null };
}

/** An AppError as plain data, to cross a worker boundary; and back. */
export type SerialisedError = { code: AppError['code']; message: string; errors: AppError['errors']; extra: AppError['extra']; securityNote: string | undefined };
export const serialiseError = (e: AppError): SerialisedError => ({ code: e.code, message: e.message, errors: e.errors, extra: e.extra, securityNote: e.securityNote });
export const reviveError = (e: SerialisedError): AppError =>
  new AppError(e.code, e.message, { errors: e.errors, extra: e.extra, ...(e.securityNote ? { securityNote: e.securityNote } : {}) });
