import { serialKey } from '../assets/serial.js';
import { hostnameKeyOf, normaliseUuid, parseMacOctets } from './identifiers.js';
import type { InventorySnapshot } from './inventory.js';
import {
  junkHostnameReason, junkMacReason, junkManufacturerReason, junkModelReason, junkSerialReason, junkUuidReason,
} from './junk-values.js';

/**
 * What a device can be recognised by, taken from one inventory: junk removed, identifiers in canonical form. This is
 * the only input of reconciliation; the raw reported values stay in the snapshot as evidence.
 */
export interface DeviceIdentity {
  /** Serial as reported (trimmed), null when absent or junk. */
  serial: string | null;
  /** `serialKey(serial)`: the form serials are compared in. */
  serialKey: string | null;
  /** Lower-case canonical `8-4-4-4-12`, null when absent, malformed or junk. */
  uuid: string | null;
  /** MACs of physical interfaces (`virtual: false`): canonical, deduplicated, sorted, junk removed. */
  macs: string[];
  hostname: string | null;
  /** Lower-case short name (before the first dot) of the host name, else of the FQDN. */
  hostnameKey: string | null;
  fqdn: string | null;
  manufacturer: string | null;
  model: string | null;
  agentDeviceId: string | null;
  /** The agent says the host is a VM or container. */
  virtual: boolean;
  /** Reported values left out, each with the reason, so people can see why a device was not matched on them. */
  ignored: IgnoredValue[];
}

export type IdentityField = 'serial' | 'uuid' | 'mac' | 'hostname' | 'fqdn' | 'manufacturer' | 'model' | 'agentDeviceId';

/**
 * The longest value kept as an identifier: the register's own serials (128 characters), DNS names (253), agent ids
 * (255). Anything longer is garbage (a firmware field read past its end, a broken agent), and the database could not
 * index it either: PostgreSQL's B-tree entries stop at about 2.7 kB, so such a report failed there while SQLite took it.
 */
export const MAX_IDENTIFIER_LENGTH: Readonly<Partial<Record<IdentityField, number>>> = { serial: 128, hostname: 253, fqdn: 253, agentDeviceId: 255 };
/** How much of an overlong value the `ignored` list shows. */
const SHOWN_OF_OVERLONG = 64;

export interface IgnoredValue {
  field: IdentityField;
  value: string;
  reason: string;
}

const text = (v: string | null | undefined): string | null => {
  const t = v?.normalize('NFC').trim();
  return t ? t : null;
};

export function identityOf(snapshot: InventorySnapshot): DeviceIdentity {
  const reported = snapshot.identity;
  const ignored: IgnoredValue[] = [];
  const ignore = (field: IdentityField, value: string, reason: string) => {
    if (!ignored.some((i) => i.field === field && i.value === value)) ignored.push({ field, value, reason });
  };
  /** The value, or null (recorded in `ignored`) when the junk check gives a reason. */
  const keep = (field: IdentityField, value: string | null, junk: (v: string) => string | null): string | null => {
    if (value === null) return null;
    const max = MAX_IDENTIFIER_LENGTH[field];
    if (max !== undefined && value.length > max) {
      ignore(field, `${value.slice(0, SHOWN_OF_OVERLONG)}…`, `longer than ${max} characters (${value.length}): not an identifier`);
      return null;
    }
    const reason = junk(value);
    if (reason === null) return value;
    ignore(field, value, reason);
    return null;
  };

  const serial = keep('serial', text(reported.serial), junkSerialReason);

  let uuid: string | null = null;
  const rawUuid = text(reported.uuid);
  if (rawUuid !== null) {
    const canonical = normaliseUuid(rawUuid);
    const reason = canonical === null ? 'not a UUID (32 hex digits)' : junkUuidReason(canonical);
    if (reason === null) uuid = canonical;
    else ignore('uuid', rawUuid, reason);
  }

  const macs = new Set<string>();
  for (const nic of snapshot.networks) {
    const raw = text(nic.mac);
    // Virtual interfaces (bridges, veth, tunnels, VPN) carry random or shared MACs: never identifiers.
    if (nic.virtual || raw === null) continue;
    const octets = parseMacOctets(raw);
    if (octets === null) ignore('mac', raw, 'not a MAC address');
    else if (octets.length > 6) ignore('mac', raw, `longer than 6 bytes (${octets.length}): a tunnel or InfiniBand address`);
    else {
      const mac = octets.join(':');
      const reason = junkMacReason(mac);
      if (reason === null) macs.add(mac);
      else ignore('mac', raw, reason);
    }
  }

  const hostname = keep('hostname', text(reported.hostname), junkHostnameReason);
  const fqdn = keep('fqdn', text(reported.fqdn), junkHostnameReason);
  const hostnameKey = (hostname !== null ? hostnameKeyOf(hostname) : null) ?? (fqdn !== null ? hostnameKeyOf(fqdn) : null);
  const virtualization = text(reported.virtualization);

  return {
    serial,
    serialKey: serial === null ? null : serialKey(serial),
    uuid,
    macs: [...macs].sort(),
    hostname,
    hostnameKey,
    fqdn,
    manufacturer: keep('manufacturer', text(reported.manufacturer), junkManufacturerReason),
    model: keep('model', text(reported.model), junkModelReason),
    agentDeviceId: keep('agentDeviceId', text(reported.agentDeviceId), () => null),
    virtual: virtualization !== null && virtualization.toLowerCase() !== 'physical',
    ignored,
  };
}
