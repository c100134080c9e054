import { open } from 'node:fs/promises';
import { ImportFileError } from './errors.js';

export type TextEncoding = 'utf8' | 'utf8bom' | 'utf16le' | 'utf16be' | 'windows1252';

/** Bytes inspected to recognise the encoding (and the CSV delimiter). */
export const HEAD_BYTES = 64 * 1024;

/** Bytes 0x81, 0x8D, 0x8F, 0x90 and 0x9D have no character in Windows-1252. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

/**
 * Recognises the text encoding from the first bytes of a file.
 * Order: byte-order mark; UTF-16 without BOM (NUL bytes on one side of most code units); valid UTF-8
 * (a sequence cut by the end of `head` counts as valid); Windows-1252 when no undefined byte and no NUL occurs.
 * Anything else is refused rather than guessed.
 */
export function detectEncoding(head: Buffer): TextEncoding {
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00]) || startsWith(head, [0x00, 0x00, 0xfe, 0xff])) {
    throw unsupported('UTF-32 text is not supported; save the file as UTF-8');
  }
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf8bom';
  if (startsWith(head, [0xff, 0xfe])) return 'utf16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf16be';

  const utf16 = guessUtf16(head);
  if (utf16) return utf16;
  if (isUtf8(head)) return 'utf8';
  if (!head.some((byte) => byte === 0 || CP1252_UNDEFINED.has(byte))) return 'windows1252';
  throw unsupported(
    'The file is neither UTF-8, UTF-16 nor Windows-1252 text (it contains bytes that are invalid in all of them); ' +
      'save it as "CSV UTF-8" and upload it again',
  );
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

function unsupported(message: string): ImportFileError {
  return new ImportFileError('IMPORT_ENCODING_UNSUPPORTED', message);
}

function startsWith(head: Buffer, bytes: number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, i) => head[i] === byte);
}

/** Text that is mostly ASCII in UTF-16 has a NUL in the high byte of most code units and almost none in the low byte. */
function guessUtf16(head: Buffer): 'utf16le' | 'utf16be' | undefined {
  const units = Math.floor(head.length / 2);
  if (units < 4) return undefined;
  let nulEven = 0;
  let nulOdd = 0;
  for (let i = 0; i < units * 2; i += 2) {
    if (head[i] === 0) nulEven++;
    if (head[i + 1] === 0) nulOdd++;
  }
  const many = units * 0.25;
  const few = units * 0.05;
  if (nulOdd >= many && nulEven <= few) return 'utf16le';
  if (nulEven >= many && nulOdd <= few) return 'utf16be';
  return undefined;
}

function isUtf8(head: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}
