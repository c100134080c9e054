import type { DeviceIdentity, FieldDefinition, InventorySnapshot } from '@custodia/domain';

/**
 * What discovery says about the register fields of an asset, as the register types them: the serial, and the
 * hardware attributes the asset type defines (host name, operating system, CPU, memory and storage in GB, first MAC
 * and IPv4).
 * Fields the type does not define are left out.
 */
export function discoveredFields(s: InventorySnapshot, identity: DeviceIdentity, schema: readonly FieldDefinition[]): Record<string, unknown> {
  const keys = new Set(schema.filter((f) => !f.sensitive).map((f) => f.key));
  const out: Record<string, unknown> = {};
  if (identity.serial) out.serial = identity.serial;
  const put = (key: string, value: unknown) => {
    if (keys.has(key) && value !== null && value !== undefined && value !== '') out[`attributes.${key}`] = value;
  };
  if (s.sections.includes('hardware') || !s.partial) put('hostname', identity.hostname);
  if (s.sections.includes('operatingSystem') && s.operatingSystem) {
    // The agent's full name ("Microsoft Windows 11 Pro", "Debian GNU/Linux 12 (bookworm)"), else name and version.
    const os = s.operatingSystem;
    put('operating_system', os.fullName ?? [os.name, os.version].filter(Boolean).join(' '));
  }
  if (s.sections.includes('cpus')) put('cpu', s.cpus.find((c) => c.name)?.name ?? null);
  if (s.sections.includes('hardware')) {
    const mb = s.hardware.memoryMb ?? (s.memories.length ? s.memories.reduce((n, m) => n + (m.capacityMb ?? 0), 0) : null);
    put('ram_gb', mb ? Math.max(1, Math.round(mb / 1024)) : null);
  }
  if (s.sections.includes('storages')) {
    const mb = s.storages.reduce((n, d) => n + (d.sizeMb ?? 0), 0);
    put('storage_gb', mb > 0 ? Math.round(mb / 1024) : null);
  }
  if (s.sections.includes('networks')) {
    put('mac_address', identity.macs[0] ?? null);
    put('ip_address', s.networks.flatMap((n) => (n.virtual ? [] : n.ipv4)).find((ip) => !ip.startsWith('127.')) ?? null);
  }
  return out;
}

/** Reads a field of an asset presentation by its field path (`serial`, `attributes.cpu`). */
export function fieldValue(asset: { serial: string | null; name: string; attributes: Record<string, unknown> }, field: string): unknown {
  if (field.startsWith('attributes.')) return asset.attributes[field.slice('attributes.'.length)] ?? null;
  return (asset as unknown as Record<string, unknown>)[field] ?? null;
}

/** Which chassis key of the settings a device falls under. */
export function chassisOf(s: InventorySnapshot): 'laptop' | 'desktop' | 'server' | 'virtual' {
  if (s.identity.virtualization) return 'virtual';
  const c = (s.hardware.chassis ?? '').toLowerCase();
  if (/laptop|notebook|portable|convertible|detachable|tablet/.test(c)) return 'laptop';
  if (/desktop|tower|mini|all in one|workstation/.test(c)) return 'desktop';
  return 'server';
}
