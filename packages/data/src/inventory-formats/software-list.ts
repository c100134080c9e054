import { createHash } from 'node:crypto';
import type { InstalledSoftware } from '@custodia/domain';

export interface SoftwareList { items: InstalledSoftware[]; json: string; sha256: string }

const compare = (a: InstalledSoftware, b: InstalledSoftware): number =>
  a.name < b.name ? -1 : a.name > b.name ? 1 : (a.version ?? '') < (b.version ?? '') ? -1 : (a.version ?? '') > (b.version ?? '') ? 1 : 0;

/** A device's software as stored: sorted (the same list always hashes the same), its JSON, and the SHA-256 of that. */
export function softwareListOf(software: readonly InstalledSoftware[]): SoftwareList {
  const items = [...software].sort(compare);
  const json = JSON.stringify(items);
  return { items, json, sha256: createHash('sha256').update(json).digest('hex') };
}
