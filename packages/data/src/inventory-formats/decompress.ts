import { deflateSync, gunzipSync, inflateSync } from 'node:zlib';
import { AppError } from '@custodia/contracts';
import type { InventoryLimits } from './limits.js';

export type BodyCompression = 'zlib' | 'gzip' | 'none';

/**
 * The compression of a body, from its first bytes only (never from Content-Type: OCS labels zlib
 * `application/x-compress`, and a label can lie). zlib (RFC 1950): CMF 0x78 (deflate, 32 KiB window) and a header
 * whose 16-bit value is a multiple of 31 (without a preset dictionary); gzip: 1F 8B. Anything else is taken as plain text.
 */
export function detectCompression(bytes: Buffer): BodyCompression {
  const b0 = bytes[0];
  const b1 = bytes[1];
  if (b0 === undefined || b1 === undefined) return 'none';
  // A preset dictionary (FDICT, bit 5) is never used by the agents, and excluding it keeps text such as "x " plain.
  if (b0 === 0x78 && ((b0 << 8) | b1) % 31 === 0 && (b1 & 0x20) === 0) return 'zlib';
  if (b0 === 0x1f && b1 === 0x8b) return 'gzip';
  return 'none';
}

/**
 * The document carried by a request body or file: inflated when it starts like zlib or gzip, as is otherwise.
 * Inflating stops as soon as the output passes `maxDecompressedBytes` (Node's `maxOutputLength`), so a compression
 * bomb costs at most that much memory → PAYLOAD_TOO_LARGE. A truncated or corrupt stream, or bytes after the end of
 * the stream, → INVENTORY_MALFORMED (several concatenated gzip members are one gzip stream, and are accepted).
 */
export function decodeBody(bytes: Buffer, limits: InventoryLimits): Buffer {
  const compression = detectCompression(bytes);
  if (compression === 'none') {
    if (bytes.length > limits.maxDecompressedBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `The inventory is ${bytes.length} bytes; at most ${limits.maxDecompressedBytes} are accepted`, {
        extra: { limit: limits.maxDecompressedBytes },
      });
    }
    return bytes;
  }
  if (bytes.length > limits.maxCompressedBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The compressed inventory is ${bytes.length} bytes; at most ${limits.maxCompressedBytes} are accepted`, {
      extra: { limit: limits.maxCompressedBytes },
    });
  }
  const inflate = compression === 'zlib' ? inflateSync : gunzipSync;
  let result: { buffer: Buffer; engine: { bytesWritten: number } };
  try {
    // `info: true` returns the engine too: bytesWritten is how much input the stream really used.
    result = inflate(bytes, { info: true, maxOutputLength: limits.maxDecompressedBytes }) as unknown as typeof result;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('PAYLOAD_TOO_LARGE', `The inventory inflates to more than ${limits.maxDecompressedBytes} bytes`, {
        extra: { limit: limits.maxDecompressedBytes },
      });
    }
    throw new AppError('INVENTORY_MALFORMED', `The ${compression} stream is truncated or corrupt (${(err as Error).message})`);
  }
  if (result.engine.bytesWritten !== bytes.length) {
    throw new AppError(
      'INVENTORY_MALFORMED',
      `The ${compression} stream ends at byte ${result.engine.bytesWritten} but the body has ${bytes.length} bytes`,
    );
  }
  return result.buffer;
}

/**
 * A reply body for the OCS / FusionInventory protocol: zlib at the default level, so the header is 78 9C.
 * FusionInventory 2.6 recognises compressed replies by exactly those two bytes (level 9's 78 DA is taken for plain
 * text and the inventory is not sent), OCS requires zlib, and glpi-agent follows Content-Type
 * (`application/x-compress-zlib`).
 */
export function encodeReply(text: string): Buffer {
  return deflateSync(Buffer.from(text, 'utf8'));
}
