import { extname } from 'node:path';
import { AppError } from '@custodia/contracts';
import type { InventorySnapshot, InventorySource } from '@custodia/domain';
import { parseCsvFeed } from './csv-feed.js';
import { decodeBody } from './decompress.js';
import { glpiMessageOf } from './glpi-json.js';
import type { InventoryLimits } from './limits.js';
import { agentRequestOf } from './ocs-xml.js';
import { parseJson } from './safe-json.js';
import { parseXml, sniffDocument } from './safe-xml.js';
import { isSpdxTagValue, parseSpdxTagValue, sbomOfJson, sbomOfXml } from './sbom.js';
import { decodeText } from './text.js';

export type InventoryDocumentKind = 'agent-xml' | 'glpi-json' | 'cyclonedx' | 'spdx' | 'csv-feed';

export interface InventoryDocument {
  kind: InventoryDocumentKind;
  /** One snapshot for an inventory or SBOM, one per row for a CSV feed. */
  snapshots: InventorySnapshot[];
  /** The agent's device id (agent XML / GLPI JSON); null otherwise. */
  deviceId: string | null;
}

export interface ReadInventoryOptions {
  /** Used only as a hint when the content does not decide (a `.csv` file that does not look like CSV). */
  fileName?: string | null;
  /** Source of agent inventories (XML, GLPI JSON); default `inventory-file`. SBOMs are `sbom`, feeds `csv-feed`. */
  source?: InventorySource;
  limits: InventoryLimits;
}

/**
 * Reads an uploaded inventory file (or a CLI argument): inflates it when its magic bytes say zlib/gzip, decodes the
 * text, recognises it from its content (XML root, JSON keys, SPDX tags, a CSV header), and parses it with the
 * matching reader under the same caps, synchronously (the document is in memory, within the caps). An agent PROLOG, a GLPI `contact` or anything unknown → INVENTORY_UNRECOGNISED.
 */
export function readInventoryDocument(bytes: Buffer, options: ReadInventoryOptions): InventoryDocument {
  const { limits } = options;
  const source = options.source ?? 'inventory-file';
  const text = decodeText(decodeBody(bytes, limits));
  const syntax = sniffDocument(text);

  if (syntax === 'xml') {
    const root = parseXml(text, limits);
    if (root.name === 'REQUEST') {
      const request = agentRequestOf(root, { source });
      if (request.snapshot === undefined) throw unrecognised(`an agent ${request.query} request, not an inventory`);
      return { kind: 'agent-xml', snapshots: [request.snapshot], deviceId: request.deviceId };
    }
    const sbom = sbomOfXml(root);
    if (sbom !== null) return { kind: sbom.kind, snapshots: [sbom.snapshot], deviceId: null };
    throw unrecognised(`XML with the root element <${root.name}>`);
  }
  if (syntax === 'json') {
    const value = parseJson(text, limits);
    const sbom = sbomOfJson(value);
    if (sbom !== null) return { kind: sbom.kind, snapshots: [sbom.snapshot], deviceId: null };
    if (isGlpiMessage(value)) {
      const message = glpiMessageOf(value, { source });
      if (message.snapshot === undefined) throw unrecognised(`a GLPI agent "${message.action}" message, not an inventory`);
      return { kind: 'glpi-json', snapshots: [message.snapshot], deviceId: message.deviceId };
    }
    throw unrecognised('JSON that is neither a GLPI inventory nor a CycloneDX / SPDX SBOM');
  }
  if (isSpdxTagValue(text)) {
    return { kind: 'spdx', snapshots: [parseSpdxTagValue(text, limits).snapshot], deviceId: null };
  }
  if (syntax === 'csv' || (syntax === 'unknown' && extname(options.fileName ?? '').toLowerCase() === '.csv')) {
    return { kind: 'csv-feed', snapshots: parseCsvFeed(text, limits), deviceId: null };
  }
  throw unrecognised('a document that is not XML, JSON, SPDX tag-value or CSV');
}

/** A GLPI message has `deviceid` and `action` or `content` at its top level. */
function isGlpiMessage(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'deviceid' in value && ('action' in value || 'content' in value);
}

function unrecognised(what: string): AppError {
  return new AppError('INVENTORY_UNRECOGNISED', `The file is ${what}; expected an agent inventory (XML or GLPI JSON), a CycloneDX / SPDX SBOM or a CSV discovery feed`);
}
