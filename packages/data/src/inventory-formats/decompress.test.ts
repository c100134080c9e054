import { createDeflate, createGzip, deflateSync, gzipSync, inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBody, detectCompression, encodeReply } from './decompress.js';
import { DEFAULT_INVENTORY_LIMITS, inventoryLimits } from './limits.js';
import { failure } from '../../test-fixtures/inventories/support.js';

const limits = DEFAULT_INVENTORY_LIMITS;
const MiB = 1024 * 1024;
const prolog = '<?xml version="1.0" encoding="UTF-8" ?><REQUEST><DEVICEID>vm-2026-11-28-10-22-24</DEVICEID><QUERY>PROLOG</QUERY><TOKEN>12345678</TOKEN></REQUEST>';


/** `megabytes` MiB of zeros compressed without ever holding them in memory: a compression bomb. */
async function bomb(kind: 'zlib' | 'gzip', megabytes: number): Promise<Buffer> {
  const stream = kind === 'zlib' ? createDeflate({ level: 9 }) : createGzip({ level: 9 });
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => stream.on('end', resolve));
  const zeros = Buffer.alloc(MiB);
  for (let i = 0; i < megabytes; i++) {
    if (!stream.write(zeros)) await new Promise((resolve) => stream.once('drain', resolve));
  }
  stream.end();
  await done;
  return Buffer.concat(chunks);
}

describe('detectCompression', () => {
  it('goes by the magic bytes only', () => {
    expect(detectCompression(deflateSync(prolog))).toBe('zlib');
    expect(detectCompression(deflateSync(prolog, { level: 9 }))).toBe('zlib');
    expect(detectCompression(deflateSync(prolog, { level: 1 }))).toBe('zlib');
    expect(detectCompression(gzipSync(prolog))).toBe('gzip');
    expect(detectCompression(Buffer.from(prolog))).toBe('none');
    expect(detectCompression(Buffer.from('{"action":"contact"}'))).toBe('none');
    expect(detectCompression(Buffer.from('x'))).toBe('none');
    expect(detectCompression(Buffer.alloc(0))).toBe('none');
  });
  it('does not take text starting with "x" for zlib', () => {
    // 0x78 0x20 passes the %31 check but asks for a preset dictionary, which no agent uses.
    expect(detectCompression(Buffer.from('x y,z'))).toBe('none');
    expect(detectCompression(Buffer.from('xyz'))).toBe('none');
  });
});

describe('decodeBody', () => {
  it('inflates zlib and gzip bodies and passes plain ones through', () => {
    expect(decodeBody(deflateSync(prolog), limits).toString()).toBe(prolog);
    expect(decodeBody(gzipSync(prolog), limits).toString()).toBe(prolog);
    expect(decodeBody(Buffer.from(prolog), limits).toString()).toBe(prolog);
  });

  it('ignores what the body is labelled: only its bytes decide (AG-05 Content-Type lies)', () => {
    // The same JSON, sent plain (e.g. labelled gzip) and gzipped (e.g. labelled application/json), reads the same.
    const json = '{"action":"contact","deviceid":"vm"}';
    expect(decodeBody(Buffer.from(json), limits).toString()).toBe(json);
    expect(decodeBody(gzipSync(json), limits).toString()).toBe(json);
    expect(decodeBody.length).toBe(2); // no content-type parameter to lie to
  });

  it('accepts concatenated gzip members (one gzip stream)', () => {
    expect(decodeBody(Buffer.concat([gzipSync('<a>'), gzipSync('</a>')]), limits).toString()).toBe('<a></a>');
  });

  it.each([
    ['zlib', deflateSync(prolog)],
    ['gzip', gzipSync(prolog)],
  ])('refuses a truncated %s stream with INVENTORY_MALFORMED (400)', (_kind, compressed) => {
    for (const cut of [2, 10, compressed.length - 1]) {
      const err = failure(() => decodeBody(compressed.subarray(0, cut), limits));
      expect(err.code).toBe('INVENTORY_MALFORMED');
      expect(err.status).toBe(400);
    }
  });

  it.each([
    ['zlib', deflateSync(prolog)],
    ['gzip', gzipSync(prolog)],
  ])('refuses trailing garbage after a %s stream with INVENTORY_MALFORMED', (_kind, compressed) => {
    for (const tail of [Buffer.from('GARBAGE'), Buffer.alloc(8), Buffer.from('<REQUEST/>')]) {
      const err = failure(() => decodeBody(Buffer.concat([compressed, tail]), limits));
      expect(err.code).toBe('INVENTORY_MALFORMED');
    }
  });

  it('refuses a corrupt checksum', () => {
    const gz = gzipSync(prolog);
    gz.writeUInt8(gz.readUInt8(gz.length - 6) ^ 0xff, gz.length - 6);
    expect(failure(() => decodeBody(gz, limits)).code).toBe('INVENTORY_MALFORMED');
    const z = deflateSync(prolog);
    z.writeUInt8(z.readUInt8(z.length - 1) ^ 0xff, z.length - 1);
    expect(failure(() => decodeBody(z, limits)).code).toBe('INVENTORY_MALFORMED');
  });

  it('refuses bodies over the compressed cap and plain documents over the document cap (413)', () => {
    const small = inventoryLimits({ maxCompressedBytes: 100, maxDecompressedBytes: 1000 });
    const err = failure(() => decodeBody(deflateSync(Buffer.from(Array.from({ length: 500 }, (_, i) => i % 251))), small));
    expect([err.code, err.status]).toEqual(['PAYLOAD_TOO_LARGE', 413]);
    expect(failure(() => decodeBody(Buffer.alloc(1001, 0x20), small)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(decodeBody(Buffer.alloc(1000, 0x20), small)).toHaveLength(1000);
  });

  it('stops at the decompressed cap exactly', () => {
    const small = inventoryLimits({ maxDecompressedBytes: 1000 });
    expect(decodeBody(deflateSync(Buffer.alloc(1000, 0x61)), small)).toHaveLength(1000);
    expect(failure(() => decodeBody(deflateSync(Buffer.alloc(1001, 0x61)), small)).code).toBe('PAYLOAD_TOO_LARGE');
  });

  describe('compression bombs (AG-05)', () => {
    const bombs: Record<string, Buffer> = {};
    beforeAll(async () => {
      // 200 MiB of zeros each, about 200 KB on the wire: inflating one fully would grow memory by 200 MB.
      bombs['zlib'] = await bomb('zlib', 200);
      bombs['gzip'] = await bomb('gzip', 200);
    });

    it.each(['zlib', 'gzip'])('a %s bomb → 413 with memory bounded by the cap', (kind) => {
      const body = bombs[kind]!;
      expect(body.length).toBeLessThan(300 * 1024);
      const before = process.memoryUsage();
      const started = performance.now();
      const err = failure(() => decodeBody(body, limits));
      const after = process.memoryUsage();
      expect([err.code, err.status]).toEqual(['PAYLOAD_TOO_LARGE', 413]);
      expect(after.rss - before.rss).toBeLessThan(100 * MiB);
      expect(after.arrayBuffers - before.arrayBuffers).toBeLessThan(100 * MiB);
      expect(performance.now() - started).toBeLessThan(5000);
    });

    it('a small cap stops a bomb early', () => {
      const err = failure(() => decodeBody(bombs['zlib']!, inventoryLimits({ maxDecompressedBytes: MiB })));
      expect(err.code).toBe('PAYLOAD_TOO_LARGE');
    });
  });
});

describe('encodeReply', () => {
  it('is zlib at the default level (78 9C), the only header FusionInventory 2.6 recognises', () => {
    const reply = '<?xml version="1.0" encoding="UTF-8"?><REPLY><RESPONSE>SEND</RESPONSE><PROLOG_FREQ>24</PROLOG_FREQ></REPLY>';
    const body = encodeReply(reply);
    expect([body[0], body[1]]).toEqual([0x78, 0x9c]);
    expect(inflateSync(body).toString('utf8')).toBe(reply);
    expect(decodeBody(body, limits).toString('utf8')).toBe(reply);
  });
});
