import { describe, expect, it } from 'vitest';
import { DEFAULT_INVENTORY_LIMITS, inventoryLimits } from './limits.js';
import { parseJson } from './safe-json.js';
import { failure } from '../../test-fixtures/inventories/support.js';


describe('parseJson', () => {
  it('parses within the caps; brackets, commas and colons inside strings do not count', () => {
    const small = inventoryLimits({ maxElements: 10, maxDepth: 3 });
    expect(parseJson('{"a":[1,2,{"b":"[[[,,,:::\\"]]]"}]}', small)).toEqual({ a: [1, 2, { b: '[[[,,,:::"]]]' }] });
  });

  it('refuses too many values before JSON.parse builds them, with bounded memory', () => {
    const text = `[${'1,'.repeat(5_000_000)}1]`;
    const before = process.memoryUsage().rss;
    const started = performance.now();
    expect(failure(() => parseJson(text, DEFAULT_INVENTORY_LIMITS)).code).toBe('INVENTORY_TOO_COMPLEX');
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('refuses nesting deeper than maxDepth, counted on the text', () => {
    const nest = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
    expect(parseJson(nest(64), DEFAULT_INVENTORY_LIMITS)).toBeDefined();
    expect(failure(() => parseJson(nest(65), DEFAULT_INVENTORY_LIMITS)).code).toBe('INVENTORY_TOO_COMPLEX');
    expect(failure(() => parseJson('['.repeat(100_000), DEFAULT_INVENTORY_LIMITS)).code).toBe('INVENTORY_TOO_COMPLEX');
  });

  it('measures strings after decoding escapes', () => {
    const small = inventoryLimits({ maxStringLength: 10 });
    expect(parseJson(`"${'\\u00e9'.repeat(10)}"`, small)).toBe('é'.repeat(10));
    expect(failure(() => parseJson(`"${'x'.repeat(11)}"`, small)).code).toBe('INVENTORY_TOO_COMPLEX');
    expect(failure(() => parseJson(`{"${'k'.repeat(11)}":1}`, small)).code).toBe('INVENTORY_TOO_COMPLEX');
  });

  it('refuses malformed JSON and oversized text', () => {
    expect(failure(() => parseJson('{"a":}', DEFAULT_INVENTORY_LIMITS)).code).toBe('INVENTORY_MALFORMED');
    expect(failure(() => parseJson('"' + 'é'.repeat(600) + '"', inventoryLimits({ maxDecompressedBytes: 1000 }))).code).toBe('PAYLOAD_TOO_LARGE');
  });
});
