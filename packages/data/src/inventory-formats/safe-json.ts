import { AppError } from '@custodia/contracts';
import type { InventoryLimits } from './limits.js';

/**
 * JSON.parse behind the same caps as XML: the text must fit `maxDecompressedBytes` (→ PAYLOAD_TOO_LARGE), hold at
 * most `maxElements` values and `maxDepth` levels of nesting — checked on the text before JSON.parse builds anything,
 * since 20 MB of `[1,1,1,…]` would otherwise become hundreds of MB of values — then parse (→ INVENTORY_MALFORMED)
 * and hold no string longer than `maxStringLength` (→ INVENTORY_TOO_COMPLEX). Both walks are iterative, so deep
 * nesting cannot overflow the stack. `__proto__` keys are ordinary own properties after JSON.parse and are never
 * merged into other objects here.
 */
export function parseJson(text: string, limits: InventoryLimits): unknown {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > limits.maxDecompressedBytes) {
    throw new AppError('PAYLOAD_TOO_LARGE', `The document is ${bytes} bytes; at most ${limits.maxDecompressedBytes} are accepted`);
  }
  scanStructure(text, limits);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new AppError('INVENTORY_MALFORMED', `The JSON is not well-formed: ${(err as Error).message}`);
  }
  checkShape(value, limits);
  return value;
}

/**
 * Counts values (an upper bound: every `[`, `{`, `,` and `:` outside strings, plus one) and nesting on the raw text,
 * without allocating.
 */
function scanStructure(text: string, limits: InventoryLimits): void {
  let count = 1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++; // backslash: skip the escaped character
      else if (code === 0x22) inString = false;
      continue;
    }
    if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b || code === 0x7b) {
      if (++depth > limits.maxDepth) throw tooDeep(limits);
      count++;
    } else if (code === 0x5d || code === 0x7d) {
      depth--;
    } else if (code === 0x2c || code === 0x3a) {
      count++;
    } else {
      continue;
    }
    if (count > limits.maxElements) throw tooMany(limits);
  }
}

function checkShape(value: unknown, limits: InventoryLimits): void {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  let count = 0;
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (++count > limits.maxElements) throw tooMany(limits);
    const { value: current, depth } = next;
    if (typeof current === 'string') {
      if (current.length > limits.maxStringLength) throw tooLong(limits);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limits.maxDepth) throw tooDeep(limits);
    if (Array.isArray(current)) {
      for (const item of current) pending.push({ value: item, depth: depth + 1 });
    } else {
      for (const [key, item] of Object.entries(current)) {
        if (key.length > limits.maxStringLength) throw tooLong(limits);
        pending.push({ value: item, depth: depth + 1 });
      }
    }
  }
}

function tooMany(limits: InventoryLimits): AppError {
  return new AppError('INVENTORY_TOO_COMPLEX', `The document has more than ${limits.maxElements} values`, { extra: { limit: limits.maxElements } });
}

function tooDeep(limits: InventoryLimits): AppError {
  return new AppError('INVENTORY_TOO_COMPLEX', `Values are nested more than ${limits.maxDepth} levels deep`, { extra: { limit: limits.maxDepth } });
}

function tooLong(limits: InventoryLimits): AppError {
  return new AppError('INVENTORY_TOO_COMPLEX', `A string is longer than ${limits.maxStringLength} characters`, { extra: { limit: limits.maxStringLength } });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
