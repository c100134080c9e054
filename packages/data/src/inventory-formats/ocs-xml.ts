import { AppError } from '@custodia/contracts';
import type { InventorySnapshot, InventorySource } from '@custodia/domain';
import { ALL_SECTIONS, snapshotFromContent, type ContentReader } from './inventory-content.js';
import type { InventoryLimits } from './limits.js';
import { childNamed, childrenNamed, childText, parseXml, type XmlElement } from './safe-xml.js';

/** A request of the OCS / FusionInventory XML protocol (also glpi-agent talking to a legacy server). */
export interface AgentXmlRequest {
  /** `PROLOG`, `INVENTORY`, or whatever else the agent asked (kept as sent, upper-cased). */
  query: 'PROLOG' | 'INVENTORY' | (string & {});
  deviceId: string | null;
  /** PROLOG token (FusionInventory and glpi-agent send one; OCS does not). */
  token?: string;
  /** For INVENTORY: what the agent saw. Always a full inventory (`partial: false`, every section). */
  snapshot?: InventorySnapshot;
}

export interface AgentXmlOptions {
  /** Decided by the caller, from the User-Agent (see `agentSourceOf`) or the upload path. */
  source: InventorySource;
  /** The agent name when the content has no VERSIONCLIENT (OCS never sends one): typically the User-Agent. */
  userAgent?: string | null;
}

/**
 * Reads `<REQUEST><DEVICEID>…</DEVICEID><QUERY>…</QUERY>[<TOKEN>…</TOKEN>][<CONTENT>…</CONTENT>]</REQUEST>`.
 * XML safety (no DTD, caps, well-formedness) is `parseXml`'s; a root other than REQUEST, a missing QUERY or an
 * INVENTORY without CONTENT → INVENTORY_SCHEMA_INVALID. Values of the wrong shape inside CONTENT count as missing.
 */
export function parseAgentXml(text: string, limits: InventoryLimits, options: AgentXmlOptions): AgentXmlRequest {
  return agentRequestOf(parseXml(text, limits), options);
}

/** The same, for a document already parsed (the file reader sniffs the root element first). */
export function agentRequestOf(root: XmlElement, options: AgentXmlOptions): AgentXmlRequest {
  if (root.name !== 'REQUEST') {
    throw invalid('REQUEST', `The root element is <${root.name}>; an agent request is <REQUEST>`);
  }
  const query = childText(root, 'QUERY')?.toUpperCase();
  if (query === undefined) throw invalid('REQUEST.QUERY', 'The request has no QUERY');
  const deviceId = childText(root, 'DEVICEID');
  const token = childText(root, 'TOKEN');
  const request: AgentXmlRequest = { query, deviceId, ...(token !== null ? { token } : {}) };
  if (query !== 'INVENTORY') return request;

  const content = childNamed(root, 'CONTENT');
  if (content === undefined || content.children.length === 0) throw invalid('REQUEST.CONTENT', 'The inventory has no CONTENT');
  request.snapshot = snapshotFromContent(xmlReader(content), {
    source: options.source,
    deviceId,
    agent: options.userAgent ?? null,
    partial: false,
    sections: [...ALL_SECTIONS],
  });
  return request;
}

function xmlReader(element: XmlElement): ContentReader {
  return {
    text: (key) => childText(element, key),
    sections: (key) => childrenNamed(element, key).map(xmlReader),
  };
}

function invalid(field: string, message: string): AppError {
  return new AppError('INVENTORY_SCHEMA_INVALID', message, { errors: [{ field, code: 'required', message }] });
}

/**
 * The source an agent request comes from, from its User-Agent: `FusionInventory-Agent_v2.6-3`,
 * `OCS-NG_unified_unix_agent_v2.10.0` (or OCS-NG_windows…), `GLPI-Agent_v1.11`; null for anything else.
 */
export function agentSourceOf(userAgent: string | null | undefined): 'fusioninventory' | 'ocs' | 'glpi-agent' | null {
  if (!userAgent) return null;
  if (/^fusioninventory/i.test(userAgent)) return 'fusioninventory';
  if (/^ocs-ng/i.test(userAgent)) return 'ocs';
  if (/^glpi-agent/i.test(userAgent)) return 'glpi-agent';
  return null;
}
