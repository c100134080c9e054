/**
 * Caps applied to every discovery input (agent XML/JSON, uploaded inventories, SBOMs, CSV feeds). They are data:
 * callers pass them in (the server from its configuration, tests with small values); nothing here reads the
 * environment.
 */
export interface InventoryLimits {
  /** Largest compressed (zlib/gzip) body accepted, in bytes. */
  maxCompressedBytes: number;
  /** Largest document accepted, in bytes: a plain body, or what a compressed one inflates to (inflating stops there). */
  maxDecompressedBytes: number;
  /** Most XML elements (plus attributes) or JSON values in one document. */
  maxElements: number;
  /** Deepest nesting of XML elements or JSON objects/arrays. */
  maxDepth: number;
  /** Longest text value (XML text, attribute, JSON string, CSV cell), in UTF-16 code units. */
  maxStringLength: number;
  /** Most data rows in a CSV discovery feed. */
  maxCsvRows: number;
}

/** Defaults sized from real inventories: 250-330 kB of XML (about 20-40 kB of zlib) for a host with 830 packages. */
export const DEFAULT_INVENTORY_LIMITS: Readonly<InventoryLimits> = Object.freeze({
  maxCompressedBytes: 8 * 1024 * 1024,
  maxDecompressedBytes: 20 * 1024 * 1024,
  maxElements: 250_000,
  maxDepth: 64,
  maxStringLength: 64 * 1024,
  maxCsvRows: 200_000,
});

/** The defaults with some caps replaced; every cap must be a positive safe integer. */
export function inventoryLimits(overrides: Partial<InventoryLimits> = {}): InventoryLimits {
  const limits = { ...DEFAULT_INVENTORY_LIMITS };
  for (const key of Object.keys(DEFAULT_INVENTORY_LIMITS) as (keyof InventoryLimits)[]) {
    const value = overrides[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`${key} must be a positive integer`);
    limits[key] = value;
  }
  return limits;
}
