export { DEFAULT_INVENTORY_LIMITS, inventoryLimits, type InventoryLimits } from './limits.js';
export { decodeBody, detectCompression, encodeReply, type BodyCompression } from './decompress.js';
export { cleanText, decodeText } from './text.js';
export { childNamed, childrenNamed, childText, parseXml, sniffDocument, type DocumentSyntax, type XmlElement } from './safe-xml.js';
export { parseJson } from './safe-json.js';
export { agentSourceOf, parseAgentXml, type AgentXmlOptions, type AgentXmlRequest } from './ocs-xml.js';
export { MAX_SCHEMA_ERRORS, parseGlpiJson, type GlpiJsonMessage, type GlpiJsonOptions } from './glpi-json.js';
export { parseSbom, parsePurl, type SbomDocument, type SbomKind } from './sbom.js';
export { CSV_FEED_COLUMNS, parseCsvFeed, parseCsvFeedRows, type CsvFeedColumn, type CsvFeedRow } from './csv-feed.js';
export {
  readInventoryDocument,
  type InventoryDocument,
  type InventoryDocumentKind,
  type ReadInventoryOptions,
} from './read-inventory.js';
export { softwareListOf, type SoftwareList } from './software-list.js';
