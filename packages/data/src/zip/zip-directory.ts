import type { FileHandle } from 'node:fs/promises';
import { ZipRefusal, malformedZip } from './zip-refusal.js';

/** One entry of a ZIP central directory. */
export interface ZipEntry {
  name: string;
  nameBytes: Buffer;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
  /** The Unix file mode, when the archive was made on Unix (host 3 in "version made by"); else null. */
  unixMode: number | null;
}

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Offset of the central directory, i.e. where the last local entry must end. */
  centralDirectoryOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw malformedZip('the file ends unexpectedly');
  return buffer;
}

/**
 * Reads the central directory (ZIP64 included) without decompressing anything. Refuses more than `maxEntries`
 * entries before reading them, and any directory that does not fit the file exactly.
 */
export async function readZipDirectory(handle: FileHandle, fileSize: number, maxEntries: number): Promise<ZipDirectory> {
  const tailLength = Math.min(fileSize, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw malformedZip('no ZIP end-of-directory record');
  const eocdOffset = fileSize - tailLength + eocd;
  if (tail.readUInt16LE(eocd + 4) !== 0 || tail.readUInt16LE(eocd + 6) !== 0) throw malformedZip('multi-part archive');
  let count = tail.readUInt16LE(eocd + 10);
  let size = tail.readUInt32LE(eocd + 12);
  let offset = tail.readUInt32LE(eocd + 16);
  let directoryEnd = eocdOffset;

  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) {
    if (eocdOffset < 20) throw malformedZip('ZIP64 locator missing');
    const locator = await readAt(handle, eocdOffset - 20, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) throw malformedZip('ZIP64 locator missing');
    const recordOffset = toNumber(locator.readBigUInt64LE(8));
    const record = await readAt(handle, recordOffset, 56);
    if (record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw malformedZip('ZIP64 end-of-directory record missing');
    count = toNumber(record.readBigUInt64LE(32));
    size = toNumber(record.readBigUInt64LE(40));
    offset = toNumber(record.readBigUInt64LE(48));
    directoryEnd = recordOffset;
  }
  if (count > maxEntries) {
    throw new ZipRefusal('too_many_entries', `has ${count} parts; at most ${maxEntries} are accepted`, { total: count, limit: maxEntries });
  }
  if (offset + size !== directoryEnd) throw malformedZip('the central directory does not end where expected');
  return { entries: parseEntries(await readAt(handle, offset, size), count), centralDirectoryOffset: offset };
}

function parseEntries(directory: Buffer, count: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
      throw malformedZip('damaged central directory');
    }
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    const end = p + 46 + nameLength + extraLength + commentLength;
    if (end > directory.length) throw malformedZip('damaged central directory');
    const nameBytes = Buffer.from(directory.subarray(p + 46, p + 46 + nameLength));
    const entry: ZipEntry = {
      name: nameBytes.toString('utf8'),
      nameBytes,
      flags: directory.readUInt16LE(p + 8),
      method: directory.readUInt16LE(p + 10),
      compressedSize: directory.readUInt32LE(p + 20),
      uncompressedSize: directory.readUInt32LE(p + 24),
      localHeaderOffset: directory.readUInt32LE(p + 42),
      unixMode: directory.readUInt8(p + 5) === 3 ? directory.readUInt32LE(p + 38) >>> 16 : null,
    };
    applyZip64Extra(entry, directory.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength));
    entries.push(entry);
    p = end;
  }
  if (p !== directory.length) throw malformedZip('damaged central directory');
  return entries;
}

/** ZIP64 extra field (id 1): 8-byte values, present only for the fields saturated at 0xFFFFFFFF, in this order. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  const saturated = (value: number): boolean => value === 0xffffffff;
  if (![entry.uncompressedSize, entry.compressedSize, entry.localHeaderOffset].some(saturated)) return;
  for (let p = 0; p + 4 <= extra.length; p += 4 + extra.readUInt16LE(p + 2)) {
    if (extra.readUInt16LE(p) !== 1) continue;
    const field = extra.subarray(p + 4, p + 4 + extra.readUInt16LE(p + 2));
    let q = 0;
    const next = (): number => {
      if (q + 8 > field.length) throw malformedZip('damaged ZIP64 field');
      const value = toNumber(field.readBigUInt64LE(q));
      q += 8;
      return value;
    };
    if (saturated(entry.uncompressedSize)) entry.uncompressedSize = next();
    if (saturated(entry.compressedSize)) entry.compressedSize = next();
    if (saturated(entry.localHeaderOffset)) entry.localHeaderOffset = next();
    return;
  }
  throw malformedZip('ZIP64 sizes missing');
}

function toNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw malformedZip('size out of range');
  return Number(value);
}
