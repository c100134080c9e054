import { AppError, type FieldError } from '@custodia/contracts';
import { type InventorySection, type InventorySnapshot, type NetworkInterface, csvDialect, detectDelimiter } from '@custodia/domain';
import { CsvError, parse, type Options } from 'csv-parse/sync';
import { buildAliasIndex, normalizeHeader } from '../import-files/header.js';
import { hostAddresses, isMac, normaliseMac, toAddress, toCalendarDate, toInstant } from './fields.js';
import { emptySnapshot } from './inventory-content.js';
import type { InventoryLimits } from './limits.js';
import { cleanText } from './text.js';

/** Columns of a CSV discovery feed (one device per row) and the header spellings accepted for each. */
export const CSV_FEED_COLUMNS = {
  hostname: ['host', 'host name', 'computer name', 'device name'],
  fqdn: ['dns name'],
  serial: ['serial number', 'serial no', 'sn'],
  uuid: ['system uuid', 'smbios uuid'],
  mac: ['mac address', 'mac addresses', 'macs'],
  manufacturer: ['vendor', 'make'],
  model: [],
  os: ['operating system', 'os name'],
  os_version: ['operating system version'],
  ip: ['ip address', 'ip addresses', 'ips'],
  memory_mb: ['ram mb'],
  last_seen: ['last seen at', 'last contact'],
  device_id: ['agent id'],
} as const satisfies Record<string, string[]>;

export type CsvFeedColumn = keyof typeof CSV_FEED_COLUMNS;

const IDENTITY_COLUMNS: readonly CsvFeedColumn[] = ['hostname', 'serial', 'uuid', 'mac'];
/** Several MACs or IPs in one cell are separated by ';', ',' or spaces. */
const LIST_SEPARATOR = /[;,\s]+/;
const MAX_COLUMNS = 64;
/** Row problems reported at most (all are counted). */
const MAX_REPORTED_PROBLEMS = 100;

interface ParsedRecord {
  line: number;
  values: string[];
}

export interface CsvFeedRow {
  /** 1-based physical line of the row in the file. */
  line: number;
  snapshot: InventorySnapshot;
}

/**
 * Reads a CSV discovery feed (already in memory, within `maxDecompressedBytes`): header check first (every unknown
 * column is listed at once → INVENTORY_SCHEMA_INVALID), then one partial snapshot per row (`source: 'csv-feed'`,
 * sections from the columns present). Rows with problems (a bad MAC, IP, number or date, or no identity value)
 * are all reported together with their line numbers → INVENTORY_SCHEMA_INVALID, so a feed is taken whole or not at
 * all; more than `maxCsvRows` rows → INVENTORY_TOO_COMPLEX. Delimiter detection and header spellings are those of
 * the CSV import.
 */
export function parseCsvFeedRows(text: string, limits: InventoryLimits): CsvFeedRow[] {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineCounter(Buffer.from(source, 'utf8'));
  let nonBlank = 0;
  const options: Options<ParsedRecord, string[]> = {
    ...csvDialect(detectDelimiter(source.slice(0, 64 * 1024))),
    bom: false, // removed above
    max_record_size: (MAX_COLUMNS + 1) * (limits.maxStringLength + 1) * 3,
    on_record: (values, context) => {
      const line = lines.recordEnded(context.bytes);
      // Stop while parsing, so a file of millions of tiny rows never becomes millions of records in memory.
      if (values.some((v) => v.trim() !== '') && ++nonBlank > limits.maxCsvRows + 1) throw tooManyRows(limits, line);
      return { line, values };
    },
  };
  let records: ParsedRecord[];
  try {
    // on_record turns each string[] into a ParsedRecord; csv-parse only types that transformation with `columns`.
    records = parse(source, options as unknown as Options) as unknown as ParsedRecord[];
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = lines.pendingRecordLine();
    throw new AppError('INVENTORY_MALFORMED', `Line ${line}: the CSV is not valid (${err.message})`, { extra: { line } });
  }

  const rows: CsvFeedRow[] = [];
  const problems: FieldError[] = [];
  let problemCount = 0;
  let columns: (CsvFeedColumn | null)[] | undefined;
  let sections: InventorySection[] = [];
  for (const record of records) {
    const { line } = record;
    const values = record.values.map(cleanText);
    if (values.every((v) => v === '')) continue;
    if (columns === undefined) {
      columns = planHeader(values, line);
      sections = sectionsOf(columns);
      continue;
    }
    if (rows.length + 1 > limits.maxCsvRows) throw tooManyRows(limits, line);
    const rowProblems: FieldError[] = [];
    const snapshot = rowSnapshot(columns, values, line, sections, limits, rowProblems);
    problemCount += rowProblems.length;
    for (const problem of rowProblems) if (problems.length < MAX_REPORTED_PROBLEMS) problems.push(problem);
    rows.push({ line, snapshot });
  }
  if (columns === undefined) throw new AppError('INVENTORY_SCHEMA_INVALID', 'The feed is empty: it has no header line');
  if (problemCount > 0) {
    const first = problems[0]!;
    throw new AppError(
      'INVENTORY_SCHEMA_INVALID',
      `${problemCount} problem(s) in the feed; the first is on line ${first.line}: ${first.column} ${first.message}`,
      { errors: problems, extra: { problemCount } },
    );
  }
  return rows;
}

function tooManyRows(limits: InventoryLimits, line: number): AppError {
  return new AppError('INVENTORY_TOO_COMPLEX', `The feed has more than ${limits.maxCsvRows} rows (line ${line})`, {
    extra: { line, limit: limits.maxCsvRows },
  });
}

/** The snapshots of a feed (see `parseCsvFeedRows`). */
export function parseCsvFeed(text: string, limits: InventoryLimits): InventorySnapshot[] {
  return parseCsvFeedRows(text, limits).map((row) => row.snapshot);
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * The first physical line of each record, from csv-parse's byte offsets (it counts UTF-8 bytes): the same rule as
 * the import's streaming `LineTracker` (LF and CRLF breaks, also inside quoted values; blank lines counted), on a
 * document that is already in memory.
 */
class LineCounter {
  private pos = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  recordEnded(end: number): number {
    const { pos, line } = this.skipBlankLines();
    let count = 0;
    for (let i = this.bytes.indexOf(LF, pos); i !== -1 && i < end; i = this.bytes.indexOf(LF, i + 1)) count++;
    this.line = line + count;
    this.pos = end;
    return line;
  }

  pendingRecordLine(): number {
    return this.skipBlankLines().line;
  }

  private skipBlankLines(): { pos: number; line: number } {
    let { pos, line } = this;
    for (;;) {
      if (this.bytes[pos] === LF) pos += 1;
      else if (this.bytes[pos] === CR && this.bytes[pos + 1] === LF) pos += 2;
      else return { pos, line };
      line++;
    }
  }
}

const ALIASES = buildAliasIndex(CSV_FEED_COLUMNS as unknown as Record<string, string[]>);

function planHeader(headers: string[], line: number): (CsvFeedColumn | null)[] {
  if (headers.length > MAX_COLUMNS) {
    throw new AppError('INVENTORY_SCHEMA_INVALID', `The header (line ${line}) has ${headers.length} columns; at most ${MAX_COLUMNS} are allowed`);
  }
  const errors: FieldError[] = [];
  const seen = new Map<CsvFeedColumn, string>();
  const columns = headers.map((header): CsvFeedColumn | null => {
    if (header === '') return null;
    const column = ALIASES.get(normalizeHeader(header)) as CsvFeedColumn | undefined;
    if (column === undefined) {
      errors.push({ field: header, column: header, line, code: 'unknown_column', message: `"${header}" is not a known column` });
      return null;
    }
    const previous = seen.get(column);
    if (previous !== undefined) {
      errors.push({ field: header, column: header, line, code: 'duplicate_column', message: `"${previous}" and "${header}" are both ${column}` });
    }
    seen.set(column, header);
    return column;
  });
  if (errors.length > 0) {
    const unknown = errors.filter((e) => e.code === 'unknown_column').map((e) => `"${e.column}"`);
    const detail = unknown.length > 0 ? `Unknown column(s) ${unknown.join(', ')}` : 'Duplicate columns';
    throw new AppError('INVENTORY_SCHEMA_INVALID', `${detail} in the header (line ${line}). Known columns: ${Object.keys(CSV_FEED_COLUMNS).join(', ')}`, {
      errors,
    });
  }
  if (!IDENTITY_COLUMNS.some((column) => seen.has(column))) {
    throw new AppError('INVENTORY_SCHEMA_INVALID', `The feed needs at least one of the columns ${IDENTITY_COLUMNS.join(', ')}`, {
      errors: [{ field: 'header', line, code: 'required', message: `needs one of ${IDENTITY_COLUMNS.join(', ')}` }],
    });
  }
  return columns;
}

/**
 * The sections a feed's columns fill, and only those: a row merges into what is known of its device, so a section it
 * lists without the values (memory when there is no memory column) would pass for one reported empty. Identity
 * columns need no section: identity values merge one by one.
 */
function sectionsOf(columns: (CsvFeedColumn | null)[]): InventorySection[] {
  const sections: InventorySection[] = [];
  if (columns.includes('memory_mb') || columns.includes('ip')) sections.push('hardware');
  if (columns.includes('os') || columns.includes('os_version')) sections.push('operatingSystem');
  if (columns.includes('mac')) sections.push('networks');
  return sections;
}

function rowSnapshot(
  columns: (CsvFeedColumn | null)[],
  values: string[],
  line: number,
  sections: InventorySection[],
  limits: InventoryLimits,
  problems: FieldError[],
): InventorySnapshot {
  const problem = (column: string, code: string, message: string): void => {
    problems.push({ field: `rows[${line}].${column}`, line, column, code, message });
  };
  const cells = new Map<CsvFeedColumn, string>();
  values.forEach((value, i) => {
    const column = columns[i];
    if (value === '') return;
    if (column === undefined || column === null) {
      problem(`column ${i + 1}`, 'unknown_column', `holds "${value.slice(0, 40)}" but has no header`);
    } else if (value.length > limits.maxStringLength) {
      problem(column, 'too_long', `is longer than ${limits.maxStringLength} characters`);
    } else {
      cells.set(column, value);
    }
  });
  const get = (column: CsvFeedColumn): string | null => cells.get(column) ?? null;

  const snapshot = emptySnapshot('csv-feed', true, sections);
  const identity = snapshot.identity;
  identity.hostname = get('hostname');
  identity.fqdn = get('fqdn');
  identity.serial = get('serial');
  identity.uuid = get('uuid');
  identity.manufacturer = get('manufacturer');
  identity.model = get('model');
  identity.agentDeviceId = get('device_id');

  const macs: string[] = [];
  for (const part of (get('mac') ?? '').split(LIST_SEPARATOR).filter((p) => p !== '')) {
    const mac = normaliseMac(part);
    if (mac === null || !isMac(mac)) problem('mac', 'invalid', `"${part}" is not a MAC address`);
    else if (!macs.includes(mac)) macs.push(mac);
  }
  snapshot.networks = macs.map((mac): NetworkInterface => ({ name: mac, mac, ipv4: [], ipv6: [], virtual: false, up: null, type: null }));

  const ipCell = get('ip');
  for (const part of (ipCell ?? '').split(LIST_SEPARATOR).filter((p) => p !== '')) {
    if (toAddress(part) === null) problem('ip', 'invalid', `"${part}" is not an IP address`);
  }
  snapshot.hardware.ipAddresses = hostAddresses(ipCell, LIST_SEPARATOR);

  const memory = get('memory_mb');
  if (memory !== null) {
    if (/^\d{1,9}$/.test(memory)) snapshot.hardware.memoryMb = Number(memory);
    else problem('memory_mb', 'invalid', `"${memory}" is not a whole number of MB`);
  }
  const os = get('os');
  const osVersion = get('os_version');
  if (os !== null || osVersion !== null) {
    snapshot.operatingSystem = { name: os, version: osVersion, fullName: null, kernelName: null, kernelVersion: null, arch: null };
  }
  const lastSeen = get('last_seen');
  if (lastSeen !== null) {
    snapshot.collectedAt = toInstant(lastSeen) ?? (/^\d{4}-\d{2}-\d{2}$/.test(lastSeen) ? toCalendarDate(lastSeen) : null);
    if (snapshot.collectedAt === null) problem('last_seen', 'invalid', `"${lastSeen}" is not a date-time (YYYY-MM-DDTHH:MM:SS, optionally with an offset)`);
  }
  if (IDENTITY_COLUMNS.every((column) => get(column) === null)) {
    problem('row', 'no_identity', `has none of ${IDENTITY_COLUMNS.join(', ')}`);
  }
  return snapshot;
}
