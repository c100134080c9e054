import { AppError, type FieldError } from '@custodia/contracts';
import { isIPv4, isIPv6, type InventorySection, type InventorySnapshot, type InventorySource } from '@custodia/domain';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { GLPI_INVENTORY_SCHEMA } from './glpi-inventory-schema.js';
import { ALL_SECTIONS, snapshotFromContent, type ContentReader } from './inventory-content.js';
import type { InventoryLimits } from './limits.js';
import { isRecord, parseJson } from './safe-json.js';
import { cleanText } from './text.js';

/** A message of the GLPI agent JSON protocol (glpi-project/json-protocol). */
export interface GlpiJsonMessage {
  /** `contact`, `inventory`, or another action as sent (`register`, `netinventory`…). */
  action: 'contact' | 'inventory' | (string & {});
  deviceId: string;
  /** For `inventory`: Computer, Phone, NetworkEquipment, Printer or Unmanaged. */
  itemtype?: string;
  snapshot?: InventorySnapshot;
  contact?: { enabledTasks: string[]; installedTasks: string[] };
}

export interface GlpiJsonOptions {
  /** Default `glpi-agent`; `inventory-file` for an uploaded file. */
  source?: InventorySource;
  userAgent?: string | null;
}

/** At most this many schema errors are reported. */
export const MAX_SCHEMA_ERRORS = 20;

/**
 * Reads one GLPI agent JSON message after the JSON caps of `parseJson`. `inventory` messages are validated against
 * the GLPI inventory schema the way GLPI does (numbers and booleans sent as strings pass: ajv `coerceTypes`, as
 * Swaggest `tolerateStrings`); any mismatch, such as an object or array where a string is expected, is
 * INVENTORY_SCHEMA_INVALID (422) with up to 20 field errors. `partial: true` gives a partial snapshot whose
 * sections are the ones present in `content`.
 */
export function parseGlpiJson(text: string, limits: InventoryLimits, options: GlpiJsonOptions = {}): GlpiJsonMessage {
  return glpiMessageOf(parseJson(text, limits), options);
}

/** The same, for a value already parsed with `parseJson`. It may be modified (type coercion). */
export function glpiMessageOf(value: unknown, options: GlpiJsonOptions = {}): GlpiJsonMessage {
  if (!isRecord(value)) throw invalid([{ field: '', code: 'type', message: 'must be an object' }]);
  const action = value['action'] ?? (value['content'] !== undefined ? 'inventory' : undefined);
  if (typeof action !== 'string') throw invalid([{ field: 'action', code: 'required', message: 'must be a string' }]);
  const deviceId = value['deviceid'];
  if (typeof deviceId !== 'string' || cleanText(deviceId) === '') {
    throw invalid([{ field: 'deviceid', code: 'required', message: 'must be a non-empty string' }]);
  }
  const message: GlpiJsonMessage = { action: cleanText(action), deviceId: cleanText(deviceId) };
  if (message.action === 'contact') {
    message.contact = { enabledTasks: taskList(value, 'enabled-tasks'), installedTasks: taskList(value, 'installed-tasks') };
    return message;
  }
  if (message.action !== 'inventory') return message;

  const validate = inventoryValidator();
  if (!validate(value)) throw invalid((validate.errors ?? []).slice(0, MAX_SCHEMA_ERRORS).map(fieldError));
  const content = value['content'] as Record<string, unknown>;
  const partial = value['partial'] === true;
  const itemtype = value['itemtype'];
  if (typeof itemtype === 'string') message.itemtype = itemtype;
  message.snapshot = snapshotFromContent(jsonReader(content, ''), {
    source: options.source ?? 'glpi-agent',
    deviceId: message.deviceId,
    agent: options.userAgent ?? null,
    partial,
    sections: partial ? sectionsPresent(content) : [...ALL_SECTIONS],
  });
  return message;
}

/**
 * The content keys that make up each section of a partial inventory. `bios` is in none: it carries identity values
 * (serial, manufacturer, model), which merge one by one whatever the sections, so a BIOS-only partial (a firmware
 * update) must not count as a hardware section reported without memory or addresses.
 */
const SECTION_KEYS: Record<InventorySection, readonly string[]> = {
  hardware: ['hardware'],
  operatingSystem: ['operatingsystem'],
  cpus: ['cpus'],
  memories: ['memories'],
  storages: ['storages'],
  networks: ['networks'],
  monitors: ['monitors'],
  software: ['softwares'],
};

function sectionsPresent(content: Record<string, unknown>): InventorySection[] {
  return ALL_SECTIONS.filter((section) => SECTION_KEYS[section].some((key) => content[key] !== undefined));
}

function taskList(value: Record<string, unknown>, key: string): string[] {
  const list = value[key];
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((task) => typeof task === 'string')) {
    throw invalid([{ field: key, code: 'type', message: 'must be an array of strings' }]);
  }
  return list.map(cleanText).filter((task) => task !== '');
}

let compiled: ValidateFunction | undefined;

/**
 * The schema validator, compiled on the first JSON inventory (it takes a few hundred milliseconds) by the thread that
 * parses it: the server's parse worker, not its event loop, and not at start-up.
 */
function inventoryValidator(): ValidateFunction {
  compiled ??= new Ajv({
    coerceTypes: true,
    allErrors: true,
    strict: false,
    logger: false,
    formats: { ipv4: (v: string) => isIPv4(v), ipv6: (v: string) => isIPv6(v) },
  }).compile(GLPI_INVENTORY_SCHEMA);
  return compiled;
}

/** `/content/softwares/3/name` → `content.softwares[3].name`, with the missing or extra property appended. */
function fieldError(error: ErrorObject): FieldError {
  let field = error.instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, part) => (/^\d+$/.test(part) ? `${path}[${part}]` : path === '' ? part : `${path}.${part}`), '');
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const extra = params.missingProperty ?? params.additionalProperty;
  if (extra !== undefined) field = field === '' ? extra : `${field}.${extra}`;
  return { field, code: error.keyword, message: error.message ?? 'is not valid' };
}

function invalid(errors: FieldError[]): AppError {
  const summary = errors.slice(0, 3).map((e) => `${e.field || '(document)'} ${e.message}`).join('; ');
  return new AppError('INVENTORY_SCHEMA_INVALID', `The inventory does not match the GLPI inventory format: ${summary}`, { errors });
}

/** JSON names of the XML fields that the GLPI format renamed (per section); everything else is lower-cased. */
const RENAMED: Record<string, string> = {
  'NETWORKS/MACADDR': 'mac',
  'STORAGES/SERIALNUMBER': 'serial',
  'SOFTWARES/INSTALLDATE': 'install_date',
};

/** Reads GLPI JSON content through the XML names; values of the wrong type read as missing. */
function jsonReader(object: Record<string, unknown>, section: string): ContentReader {
  const get = (key: string): unknown => {
    const name = RENAMED[`${section}/${key}`] ?? key.toLowerCase();
    return Object.hasOwn(object, name) ? object[name] : undefined;
  };
  return {
    text(key) {
      const value = get(key);
      const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'boolean' ? String(value) : null;
      if (text === null) return null;
      const cleaned = cleanText(text);
      return cleaned === '' ? null : cleaned;
    },
    sections(key) {
      const value = get(key);
      const items = Array.isArray(value) ? value : [value];
      return items.filter(isRecord).map((item) => jsonReader(item, key));
    },
  };
}
