import { open } from 'node:fs/promises';
import { type TextEncoding, recogniseEncoding } from '@custodia/domain';
import { ImportFileError } from './errors.js';

export type { TextEncoding } from '@custodia/domain';

/** Bytes inspected to recognise the encoding (and the CSV delimiter). */
export const HEAD_BYTES = 64 * 1024;

/** The encoding of a file from its first bytes (`recogniseEncoding`); refused encodings throw IMPORT_ENCODING_UNSUPPORTED. */
export function detectEncoding(head: Buffer): TextEncoding {
  const verdict = recogniseEncoding(head);
  if (verdict.ok) return verdict.encoding;
  throw new ImportFileError('IMPORT_ENCODING_UNSUPPORTED', verdict.reason === 'utf32'
    ? 'UTF-32 text is not supported; save the file as UTF-8'
    : 'The file is neither UTF-8, UTF-16 nor Windows-1252 text (it contains bytes that are invalid in all of them); save it as "CSV UTF-8" and upload it again');
}

/** The iconv-lite codec for an encoding; every codec drops a leading byte-order mark. */
export function iconvCodec(encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf8':
    case 'utf8bom':
      return 'utf8';
    case 'utf16le':
      return 'utf-16le';
    case 'utf16be':
      return 'utf-16be';
    case 'windows1252':
      return 'windows-1252';
  }
}

/** Reads up to `HEAD_BYTES` from the start of a file. */
export async function readHead(path: string, length = HEAD_BYTES): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
