import { open, type FileHandle } from 'node:fs/promises';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInflateRaw } from 'node:zlib';
import { ZipRefusal, malformedZip } from './zip-refusal.js';
import { readAt, readZipDirectory, type ZipEntry } from './zip-directory.js';

const LOCAL_SIGNATURE = 0x04034b50;
const DESCRIPTOR_SIGNATURE = Buffer.from([0x50, 0x4b, 0x07, 0x08]);
const FLAG_ENCRYPTED = 0x01;
const FLAG_DESCRIPTOR = 0x08;
const READ_CHUNK = 64 * 1024;

export interface ZipLimits {
  maxEntries: number;
  /** Sum of the entries' inflated sizes. */
  maxUncompressedBytes: number;
  /**
   * Called with the entry names once the directory is read, before anything is inflated: refuses what the caller
   * never accepts (macros, say) by throwing its own error.
   */
  checkNames?: (names: readonly string[]) => void;
  /**
   * Called with the text of each relationships part (`.rels`, at most MAX_RELS_BYTES) once it is inflated and checked:
   * refuses what its relationships point at (an external template, say) by throwing its own error.
   */
  checkRelationships?: (name: string, xml: string) => void;
}

/** Largest relationships part read whole for `checkRelationships` (real ones are a few kilobytes). */
export const MAX_RELS_BYTES = 1024 * 1024;

/**
 * Checks a ZIP-based document (an XLSX workbook, an Office or OpenDocument file) before anything else reads it, and
 * returns its entries' names:
 * - at most `maxEntries` parts and `maxUncompressedBytes` in total, verified by inflating every part
 *   (a part that inflates to anything but its declared size is refused);
 * - no DTD or entity declaration in any XML part (XXE, entity expansion);
 * - no encrypted entry, no two entries of one name, no entry an unzipper would write outside its folder or as a link;
 * - the local entries tile the file exactly as the central directory says, as a sequential unzipper reads them,
 *   so no part can be hidden from these checks.
 * Refusals are ZipRefusal; memory stays flat whatever the archive declares.
 */
export async function inspectZipArchive(path: string, limits: ZipLimits): Promise<string[]> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const { entries, centralDirectoryOffset } = await readZipDirectory(handle, size, limits.maxEntries);
    const names = entries.map((e) => e.name);
    checkDuplicates(names);
    for (const entry of entries) checkSafe(entry);
    limits.checkNames?.(names);
    const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
    if (total > limits.maxUncompressedBytes) {
      throw new ZipRefusal('too_large', `expands to ${total} bytes; at most ${limits.maxUncompressedBytes} are accepted`, { total, limit: limits.maxUncompressedBytes });
    }
    let expected = 0;
    for (const entry of [...entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset)) {
      if (entry.localHeaderOffset !== expected) throw malformedZip(`unexpected data before part ${entry.name}`);
      expected = await inspectEntry(handle, entry, limits.checkRelationships);
    }
    if (expected !== centralDirectoryOffset) throw malformedZip('unexpected data before the central directory');
    return names;
  } finally {
    await handle.close();
  }
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/** Nothing here is ever unpacked, but a name that escapes its folder or a link has no place in a document (AT-04). */
function checkSafe(entry: ZipEntry): void {
  const segments = entry.name.split(/[\\/]/);
  if (/^([\\/]|[a-z]:)/i.test(entry.name) || segments.includes('..')) {
    throw new ZipRefusal('unsafe_entry', `part ${entry.name} points outside the archive`, { part: entry.name });
  }
  if (entry.unixMode !== null && (entry.unixMode & S_IFMT) === S_IFLNK) {
    throw new ZipRefusal('unsafe_entry', `part ${entry.name} is a symbolic link`, { part: entry.name });
  }
}

function checkDuplicates(names: readonly string[]): void {
  const seen = new Set<string>();
  for (const name of names) {
    const key = name.toLowerCase();
    if (seen.has(key)) throw malformedZip(`part ${name} appears twice`);
    seen.add(key);
  }
}

/** Validates one local entry and its data; returns the offset where the next local entry must start. */
async function inspectEntry(handle: FileHandle, entry: ZipEntry, checkRelationships?: ZipLimits['checkRelationships']): Promise<number> {
  const header = await readAt(handle, entry.localHeaderOffset, 30);
  if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) throw malformedZip(`damaged part ${entry.name}`);
  const flags = header.readUInt16LE(6);
  const method = header.readUInt16LE(8);
  const nameLength = header.readUInt16LE(26);
  const extraLength = header.readUInt16LE(28);
  const nameAndExtra = await readAt(handle, entry.localHeaderOffset + 30, nameLength + extraLength);
  if (!nameAndExtra.subarray(0, nameLength).equals(entry.nameBytes) || method !== entry.method) {
    throw malformedZip(`part ${entry.name} differs from the directory`);
  }
  if ((flags | entry.flags) & FLAG_ENCRYPTED) throw new ZipRefusal('encrypted', 'is encrypted');
  if (method !== 0 && method !== 8) throw malformedZip(`part ${entry.name} uses an unsupported compression`);

  const localSize = localCompressedSize(header.readUInt32LE(18), nameAndExtra.subarray(nameLength));
  // A sequential unzipper trusts the local size unless the descriptor flag is set and the size is 0.
  const sizeInHeader = !(flags & FLAG_DESCRIPTOR) || localSize > 0;
  if (sizeInHeader && localSize !== entry.compressedSize) throw malformedZip(`part ${entry.name} has inconsistent sizes`);
  const dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength;
  const dataEnd = dataStart + entry.compressedSize;
  if (!sizeInHeader) {
    const descriptor = await readAt(handle, dataEnd, 16);
    if (!descriptor.subarray(0, 4).equals(DESCRIPTOR_SIGNATURE)) throw malformedZip(`part ${entry.name} lacks its descriptor`);
  }
  const text = await scanData(handle, entry, dataStart, !sizeInHeader, Boolean(checkRelationships) && entry.name.toLowerCase().endsWith('.rels'));
  if (text !== null) checkRelationships!(entry.name, text);
  return sizeInHeader ? dataEnd : dataEnd + 16;
}

/** Local ZIP64 extra: uncompressed then compressed size, both present when the header value is saturated. */
function localCompressedSize(value: number, extra: Buffer): number {
  if (value !== 0xffffffff) return value;
  for (let p = 0; p + 4 <= extra.length; p += 4 + extra.readUInt16LE(p + 2)) {
    if (extra.readUInt16LE(p) === 1 && p + 20 <= extra.length) return Number(extra.readBigUInt64LE(p + 12));
  }
  throw malformedZip('ZIP64 sizes missing');
}

function isXmlPart(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.includes('.xml') || lower.endsWith('.rels') || lower.endsWith('.vml');
}

/**
 * Inflates one part, checking its real size and, for XML parts, the absence of DTD and entity declarations; with `keep`,
 * returns its text (UTF-8, or UTF-16 with a byte-order mark), else null.
 */
async function scanData(handle: FileHandle, entry: ZipEntry, start: number, endsAtDescriptor: boolean, keep = false): Promise<string | null> {
  if (keep && entry.uncompressedSize > MAX_RELS_BYTES) throw malformedZip(`relationships part ${entry.name} is too large`);
  const kept: Buffer[] = [];
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0 || entry.method !== 0) throw malformedZip(`part ${entry.name} is damaged`);
    return keep ? '' : null;
  }
  const dtd = isXmlPart(entry.name) ? new PatternScanner() : undefined;
  const signatureFinder = endsAtDescriptor ? new PatternScanner([DESCRIPTOR_SIGNATURE.toString('latin1')], false) : undefined;
  let produced = 0;
  const compressed = readRange(handle, start, entry.compressedSize);
  // The descriptor signature must not occur inside the data, or a sequential unzipper would cut the part there.
  const guard = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (signatureFinder?.feed(chunk)) return callback(malformedZip(`part ${entry.name} cannot be delimited`));
      callback(null, chunk);
    },
  });
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) return callback(malformedZip(`part ${entry.name} is larger than declared`));
      if (dtd?.feed(chunk)) return callback(new ZipRefusal('dtd', `part ${entry.name} declares a DTD or XML entities`, { part: entry.name }));
      if (keep) kept.push(chunk);
      callback();
    },
  });
  try {
    await (entry.method === 8
      ? pipeline(compressed, guard, createInflateRaw(), sink)
      : pipeline(compressed, guard, sink));
  } catch (err) {
    if (err instanceof ZipRefusal) throw err;
    throw malformedZip(`part ${entry.name} cannot be decompressed`);
  }
  if (produced !== entry.uncompressedSize) throw malformedZip(`part ${entry.name} is smaller than declared`);
  if (!keep) return null;
  const bytes = Buffer.concat(kept);
  return bytes[0] === 0xff && bytes[1] === 0xfe ? bytes.subarray(2).toString('utf16le') : bytes.toString('utf8').replace(/^\uFEFF/, '');
}

async function* readRange(handle: FileHandle, start: number, length: number): AsyncGenerator<Buffer> {
  for (let position = start, end = start + length; position < end; ) {
    const chunk = await readAt(handle, position, Math.min(READ_CHUNK, end - position));
    position += chunk.length;
    yield chunk;
  }
}

/**
 * Finds any of a few ASCII patterns in a byte stream, across chunk boundaries. By default the match ignores case
 * and NUL bytes, so UTF-16 encoded XML cannot hide a declaration.
 */
export class PatternScanner {
  private tail = '';
  private readonly longest: number;

  constructor(
    private readonly patterns: readonly string[] = ['<!doctype', '<!entity'],
    private readonly loose = true,
  ) {
    this.longest = Math.max(...patterns.map((p) => p.length));
  }

  feed(chunk: Buffer): boolean {
    let text = chunk.toString('latin1');
    if (this.loose) text = text.replace(/\0/g, '').toLowerCase();
    const window = this.tail + text;
    this.tail = window.slice(-(this.longest - 1));
    return this.patterns.some((pattern) => window.includes(pattern));
  }
}
