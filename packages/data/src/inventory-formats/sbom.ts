import { AppError } from '@custodia/contracts';
import type { InstalledSoftware, InventorySnapshot } from '@custodia/domain';
import { toInstant } from './fields.js';
import { emptySnapshot } from './inventory-content.js';
import type { InventoryLimits } from './limits.js';
import { isRecord, parseJson } from './safe-json.js';
import { childNamed, childrenNamed, childText, parseXml, type XmlElement } from './safe-xml.js';
import { textOrNull } from './text.js';

export type SbomKind = 'cyclonedx' | 'spdx';

export interface SbomDocument {
  kind: SbomKind;
  /** Software only (`sections: ['software']`, `partial: false`): the SBOM replaces the software list it describes. */
  snapshot: InventorySnapshot;
}

/** CycloneDX component types that are software; devices, files, data, models and crypto assets are not. */
const SOFTWARE_TYPES = new Set(['application', 'framework', 'library', 'container', 'platform', 'operating-system', 'device-driver', 'firmware']);

/**
 * Reads an SBOM: CycloneDX JSON or XML, SPDX 2.x JSON, SPDX 3 JSON-LD, or SPDX tag-value. Components / packages
 * become installed software (publisher from the supplier, author or originator; origin = the package URL type);
 * the host name is the CycloneDX `metadata.component` name or the SPDX document name. Anything else →
 * INVENTORY_UNRECOGNISED.
 */
export function parseSbom(text: string, limits: InventoryLimits): SbomDocument {
  const start = text.trimStart();
  let document: SbomDocument | null = null;
  if (start.startsWith('{')) document = sbomOfJson(parseJson(text, limits));
  else if (start.startsWith('<')) document = sbomOfXml(parseXml(text, limits));
  else if (isSpdxTagValue(text)) document = parseSpdxTagValue(text, limits);
  if (document === null) throw new AppError('INVENTORY_UNRECOGNISED', 'The document is not a CycloneDX or SPDX SBOM');
  return document;
}

/** A CycloneDX or SPDX JSON document, or null when the value is neither. */
export function sbomOfJson(value: unknown): SbomDocument | null {
  if (!isRecord(value)) return null;
  if (value['bomFormat'] === 'CycloneDX') return cycloneDxJson(value);
  if (typeof value['spdxVersion'] === 'string' && value['spdxVersion'].startsWith('SPDX-')) return spdx2Json(value);
  if (Array.isArray(value['@graph']) && JSON.stringify(value['@context'] ?? '').includes('spdx')) return spdx3Json(value['@graph']);
  return null;
}

/** A CycloneDX XML document (root `bom`), or null for another root. */
export function sbomOfXml(root: XmlElement): SbomDocument | null {
  if (root.name !== 'bom') return null;
  const metadata = childNamed(root, 'metadata');
  const snapshot = softwareSnapshot();
  snapshot.identity.hostname = childText(childNamed(metadata, 'component'), 'name');
  snapshot.collectedAt = toInstant(childText(metadata, 'timestamp'));
  const tools = childNamed(metadata, 'tools');
  const tool = childNamed(tools, 'tool') ?? childNamed(childNamed(tools, 'components'), 'component');
  snapshot.agent = tool === undefined ? null : joined(childText(tool, 'name'), childText(tool, 'version'));
  // Nested components are visited breadth-first with a growing list (the XML caps bound its size).
  const pending = childrenNamed(childNamed(root, 'components'), 'component');
  for (let i = 0; i < pending.length; i++) {
    const component = pending[i]!;
    for (const inner of childrenNamed(childNamed(component, 'components'), 'component')) pending.push(inner);
    if (!isSoftwareType(component.attributes['type'])) continue;
    const software = softwareOf({
      name: childText(component, 'name'),
      group: childText(component, 'group'),
      version: childText(component, 'version'),
      publishers: [
        childText(childNamed(component, 'supplier'), 'name'),
        childText(component, 'publisher'),
        childText(component, 'author'),
        childText(childNamed(childNamed(component, 'authors'), 'author'), 'name'),
        childText(childNamed(component, 'manufacturer'), 'name'),
      ],
      purl: childText(component, 'purl'),
    });
    if (software !== null) snapshot.software.push(software);
  }
  return { kind: 'cyclonedx', snapshot };
}

function cycloneDxJson(bom: Record<string, unknown>): SbomDocument {
  const metadata = record(bom['metadata']);
  const snapshot = softwareSnapshot();
  snapshot.identity.hostname = string(record(metadata['component'])['name']);
  snapshot.collectedAt = toInstant(string(metadata['timestamp']));
  const tools = metadata['tools'];
  const tool = record(Array.isArray(tools) ? tools[0] : list(record(tools)['components'])[0]);
  snapshot.agent = joined(string(tool['name']), string(tool['version']));
  const pending = [...list(bom['components'])];
  for (let i = 0; i < pending.length; i++) {
    const component = record(pending[i]);
    for (const inner of list(component['components'])) pending.push(inner);
    if (!isSoftwareType(component['type'])) continue;
    const software = softwareOf({
      name: string(component['name']),
      group: string(component['group']),
      version: string(component['version']),
      publishers: [
        string(record(component['supplier'])['name']),
        string(component['publisher']),
        string(component['author']),
        string(record(list(component['authors'])[0])['name']),
        string(record(component['manufacturer'])['name']),
      ],
      purl: string(component['purl']),
    });
    if (software !== null) snapshot.software.push(software);
  }
  return { kind: 'cyclonedx', snapshot };
}

function spdx2Json(document: Record<string, unknown>): SbomDocument {
  const creation = record(document['creationInfo']);
  const snapshot = softwareSnapshot();
  snapshot.identity.hostname = string(document['name']);
  snapshot.collectedAt = toInstant(string(creation['created']));
  snapshot.agent = spdxTool(list(creation['creators']).map(string));
  for (const item of list(document['packages'])) {
    const pkg = record(item);
    const purl = list(pkg['externalRefs'])
      .map(record)
      .find((ref) => ref['referenceType'] === 'purl');
    const software = softwareOf({
      name: string(pkg['name']),
      group: null,
      version: string(pkg['versionInfo']),
      publishers: [spdxAgent(string(pkg['supplier'])), spdxAgent(string(pkg['originator']))],
      purl: purl === undefined ? null : string(purl['referenceLocator']),
    });
    if (software !== null) snapshot.software.push(software);
  }
  return { kind: 'spdx', snapshot };
}

/** SPDX 3.0 JSON-LD: `software_Package` elements of the graph; people, organisations and tools are looked up by id. */
function spdx3Json(graph: unknown[]): SbomDocument {
  const elements = graph.map(record);
  const nameOf = new Map<string, string>();
  for (const element of elements) {
    const id = string(element['spdxId']);
    const name = string(element['name']);
    if (id !== null && name !== null) nameOf.set(id, name);
  }
  const named = (id: unknown): string | null => {
    const key = string(id);
    return key === null ? null : (nameOf.get(key) ?? null);
  };
  const snapshot = softwareSnapshot();
  snapshot.identity.hostname = string(elements.find((e) => e['type'] === 'SpdxDocument')?.['name']);
  const creation = elements.find((e) => e['type'] === 'CreationInfo');
  if (creation !== undefined) {
    snapshot.collectedAt = toInstant(string(creation['created']));
    snapshot.agent = named(list(creation['createdUsing'])[0]);
  }
  for (const pkg of elements.filter((e) => e['type'] === 'software_Package')) {
    const software = softwareOf({
      name: string(pkg['name']),
      group: null,
      version: string(pkg['software_packageVersion']),
      publishers: [named(pkg['suppliedBy']), ...list(pkg['originatedBy']).map(named)],
      purl: string(pkg['software_packageUrl']),
    });
    if (software !== null) snapshot.software.push(software);
  }
  return { kind: 'spdx', snapshot };
}

export function isSpdxTagValue(text: string): boolean {
  return /^\s*SPDXVersion:\s*SPDX-/.test(text);
}

/**
 * SPDX tag-value (`Tag: value` lines; `<text>…</text>` values may span lines). Only the tags needed here are read:
 * DocumentName, Creator, Created, and per package (each PackageName starts one) PackageVersion, PackageSupplier,
 * PackageOriginator and `ExternalRef: PACKAGE-MANAGER purl …`.
 */
export function parseSpdxTagValue(text: string, limits: InventoryLimits): SbomDocument {
  if (Buffer.byteLength(text, 'utf8') > limits.maxDecompressedBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The document is larger than ${limits.maxDecompressedBytes} bytes`);
  }
  const snapshot = softwareSnapshot();
  const creators: (string | null)[] = [];
  let current: { name: string | null; version: string | null; publishers: (string | null)[]; purl: string | null } | null = null;
  const flush = (): void => {
    if (current === null) return;
    const software = softwareOf({ ...current, group: null });
    if (software !== null) snapshot.software.push(software);
  };
  const lines = text.split(/\r?\n/);
  if (lines.length > limits.maxElements) {
    throw new AppError('INVENTORY_TOO_COMPLEX', `The document has more than ${limits.maxElements} lines`);
  }
  for (let i = 0; i < lines.length; i++) {
    const match = /^([A-Za-z][A-Za-z0-9-]*):\s?(.*)$/.exec(lines[i]!);
    if (!match) continue;
    const tag = match[1]!;
    let value = match[2]!;
    if (value.trimStart().startsWith('<text>')) {
      while (!value.includes('</text>') && i + 1 < lines.length) value += `\n${lines[++i]}`;
      value = value.replace(/^\s*<text>/, '').replace(/<\/text>.*$/s, '');
    }
    if (value.length > limits.maxStringLength) {
      throw new AppError('INVENTORY_TOO_COMPLEX', `A value is longer than ${limits.maxStringLength} characters (line ${i + 1})`);
    }
    const text = textOrNull(value);
    switch (tag) {
      case 'DocumentName':
        snapshot.identity.hostname = text;
        break;
      case 'Created':
        snapshot.collectedAt = toInstant(text);
        break;
      case 'Creator':
        creators.push(text);
        break;
      case 'PackageName':
        flush();
        current = { name: text, version: null, publishers: [], purl: null };
        break;
      case 'PackageVersion':
        if (current !== null) current.version = text;
        break;
      case 'PackageSupplier':
      case 'PackageOriginator':
        current?.publishers.push(spdxAgent(text));
        break;
      case 'ExternalRef': {
        const ref = /^PACKAGE[-_]MANAGER\s+purl\s+(\S+)/.exec(text ?? '');
        if (current !== null && ref) current.purl = ref[1]!;
        break;
      }
    }
  }
  flush();
  snapshot.agent = spdxTool(creators);
  return { kind: 'spdx', snapshot };
}

/**
 * An SBOM knows only the software of its subject, which it names: a partial snapshot of the software section, so the
 * hardware, interfaces and OS known from agents stay (a full one would say the device has none).
 */
function softwareSnapshot(): InventorySnapshot {
  return emptySnapshot('sbom', true, ['software']);
}

interface ComponentFields {
  name: string | null;
  group: string | null;
  version: string | null;
  publishers: (string | null)[];
  purl: string | null;
}

/** A component or package as installed software; a nameless one is skipped. Group is prefixed as in a purl. */
function softwareOf(fields: ComponentFields): InstalledSoftware | null {
  if (fields.name === null) return null;
  const purl = fields.purl === null ? null : parsePurl(fields.purl);
  return {
    name: fields.group === null ? fields.name : `${fields.group}/${fields.name}`,
    version: fields.version === null || /^NOASSERTION$/i.test(fields.version) ? null : fields.version,
    publisher: fields.publishers.find((p) => p !== null) ?? null,
    installDate: null,
    arch: purl?.arch ?? null,
    origin: purl?.type ?? null,
  };
}

/** The type and `arch` qualifier of a package URL (`pkg:deb/debian/libc6@2.36?arch=amd64` → deb, amd64). */
export function parsePurl(purl: string): { type: string; arch: string | null } | null {
  const match = /^pkg:\/*([a-zA-Z][a-zA-Z0-9.+-]*)\//.exec(purl);
  if (!match) return null;
  const arch = /[?&]arch=([^&#]+)/.exec(purl)?.[1];
  let decoded: string | null = null;
  if (arch !== undefined) {
    try {
      decoded = textOrNull(decodeURIComponent(arch));
    } catch {
      decoded = textOrNull(arch);
    }
  }
  return { type: match[1]!.toLowerCase(), arch: decoded };
}

/** `Organization: ACME (contact@acme.example)` → `ACME`; `NOASSERTION` / `NONE` → null. */
function spdxAgent(value: string | null): string | null {
  if (value === null || /^(NOASSERTION|NONE)$/i.test(value)) return null;
  return textOrNull(value.replace(/^(Organization|Person|Tool):\s*/i, '').replace(/\s*\([^()]*\)\s*$/, ''));
}

/** The first `Tool:` creator of an SPDX document. */
function spdxTool(creators: (string | null)[]): string | null {
  const tool = creators.find((c) => c !== null && /^Tool:/i.test(c));
  return tool === undefined || tool === null ? null : spdxAgent(tool);
}

function isSoftwareType(type: unknown): boolean {
  return type === undefined || (typeof type === 'string' && SOFTWARE_TYPES.has(type));
}

function joined(name: string | null, version: string | null): string | null {
  if (name === null) return null;
  return version === null ? name : `${name} ${version}`;
}

const EMPTY: Record<string, unknown> = Object.freeze(Object.create(null) as Record<string, unknown>);

function record(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : EMPTY;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A cleaned non-empty string, or null for anything else (numbers, objects…). */
function string(value: unknown): string | null {
  return typeof value === 'string' ? textOrNull(value) : null;
}
