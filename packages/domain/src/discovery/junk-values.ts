import { isIP } from '../attributes/ip.js';
import { serialKey } from '../assets/serial.js';
import { swapUuidByteOrder } from './identifiers.js';

/**
 * Placeholder identifiers that firmware, hypervisors and drivers report instead of a real one. Matching on one of them
 * would merge every device that reports it, so `identityOf` drops them (and says why) before reconciliation, and the
 * register index ignores them on the register side too.
 *
 * Modelled on GLPI's Blacklist defaults (`src/Blacklist.php::getDefaults`), plus values seen from AMI/Insyde
 * firmware and virtual adapters. Not junk: hypervisor serials that are unique per VM (`VMware-56 4d …`,
 * `Parallels-…`, Hyper-V and EC2 serials), and locally administered MACs (`02:…`): on containers and many VMs they
 * are the only hardware key there is.
 */
export interface JunkValue {
  value: string;
  reason: string;
}

export interface JunkPattern {
  pattern: RegExp;
  reason: string;
}

const FIRMWARE = 'firmware placeholder';
const SEQUENCE = 'placeholder digit sequence';
const GLPI = 'placeholder in GLPI\'s default blacklist';

/** Serials compared by `serialKey` (case-insensitive, invisible characters and surrounding spaces ignored). */
export const JUNK_SERIALS: readonly JunkValue[] = [
  { value: 'To Be Filled By O.E.M.', reason: FIRMWARE },
  { value: 'To Be Filled By O.E.M', reason: FIRMWARE },
  { value: 'O.E.M.', reason: FIRMWARE },
  { value: 'OEM', reason: FIRMWARE },
  { value: 'OEM_Serial', reason: FIRMWARE },
  { value: 'Default string', reason: FIRMWARE },
  { value: 'System Serial Number', reason: FIRMWARE },
  { value: 'SystemSerialNumb', reason: FIRMWARE },
  { value: 'Chassis Serial Number', reason: FIRMWARE },
  { value: 'Base Board Serial Number', reason: FIRMWARE },
  { value: 'Serial Number', reason: FIRMWARE },
  { value: 'SerialNumber', reason: FIRMWARE },
  { value: 'Serial Number xxxxxx', reason: FIRMWARE },
  { value: 'Not Specified', reason: FIRMWARE },
  { value: 'Not Applicable', reason: 'no value' },
  { value: 'Not Available', reason: 'no value' },
  { value: 'N/A', reason: 'no value' },
  { value: 'NA', reason: 'no value' },
  { value: 'None', reason: 'no value' },
  { value: 'Null', reason: 'no value' },
  { value: '(null string)', reason: 'no value' },
  { value: 'Empty', reason: 'no value' },
  { value: 'Unknown', reason: 'no value' },
  { value: 'Unknow', reason: 'no value' },
  { value: 'Invalid', reason: 'no value' },
  { value: '0123456789', reason: SEQUENCE },
  { value: '12345', reason: SEQUENCE },
  { value: '123456', reason: SEQUENCE },
  { value: '1234567', reason: SEQUENCE },
  { value: '12345678', reason: SEQUENCE },
  { value: '123456789', reason: SEQUENCE },
  { value: '1234567890', reason: SEQUENCE },
  { value: '123456789000', reason: SEQUENCE },
  { value: '12345678901234567', reason: SEQUENCE },
  { value: 'SYS-1234567890', reason: SEQUENCE },
  { value: 'SYS-9876543210', reason: SEQUENCE },
  { value: 'SN-12345', reason: SEQUENCE },
  { value: 'SN-1234567890', reason: SEQUENCE },
  { value: 'MB-1234567890', reason: SEQUENCE },
  { value: 'SN-123456fvgv3i0b8o5n6n7k', reason: GLPI },
  { value: 'EVAL', reason: GLPI },
  { value: 'IATPASS', reason: GLPI },
  { value: 'Tulip Computers', reason: GLPI },
];

/** Patterns tried on the serial key (upper-case, trimmed). */
export const JUNK_SERIAL_PATTERNS: readonly JunkPattern[] = [
  { pattern: /^.{0,2}$/su, reason: 'shorter than 3 characters' },
  { pattern: /^0+$/, reason: 'all zeros' },
  { pattern: /^(.)\1+$/su, reason: 'one character repeated' },
  { pattern: /^[01]+$/, reason: 'only zeros and ones' },
  { pattern: /^\d+\.\d+(\.\d+)?$/, reason: 'a version number, not a serial' },
];

/** UUIDs in canonical form; each is also junk in the other SMBIOS byte order. */
export const JUNK_UUIDS: readonly JunkValue[] = [
  { value: '00000000-0000-0000-0000-000000000000', reason: 'all zeros' },
  { value: 'ffffffff-ffff-ffff-ffff-ffffffffffff', reason: 'all F' },
  { value: '03000200-0400-0500-0006-000700080009', reason: FIRMWARE },
  { value: '00020003-0004-0005-0006-000700080009', reason: FIRMWARE },
  { value: '12345678-1234-5678-90ab-cddeefaabbcc', reason: FIRMWARE },
  { value: '6ab5b300-538d-1014-9fb5-b0684d007b53', reason: GLPI },
  { value: '01010101-0101-0101-0101-010101010101', reason: GLPI },
];

/** Patterns tried on the canonical UUID. */
export const JUNK_UUID_PATTERNS: readonly JunkPattern[] = [
  { pattern: /^([0-9a-f])\1{7}-\1{4}-\1{4}-\1{4}-\1{12}$/, reason: 'one hex digit repeated' },
];

/** MACs in canonical form (`aa:bb:cc:dd:ee:ff`). */
export const JUNK_MACS: readonly JunkValue[] = [
  { value: '00:00:00:00:00:00', reason: 'all zeros' },
  { value: 'ff:ff:ff:ff:ff:ff', reason: 'broadcast address' },
  { value: 'fe:ff:ff:ff:ff:ff', reason: 'Xen placeholder' },
  { value: '0a:00:27:00:00:00', reason: 'VirtualBox host-only adapter (the same on every host)' },
  { value: '02:00:4c:4f:4f:50', reason: 'Microsoft loopback adapter (the same on every host)' },
  { value: '20:41:53:59:4e:ff', reason: 'RAS async adapter (the same on every host)' },
  { value: '33:50:6f:45:30:30', reason: 'WAN miniport PPPoE (the same on every host)' },
  { value: '50:50:54:50:30:30', reason: 'WAN miniport PPTP (the same on every host)' },
  { value: '02:00:4e:43:50:49', reason: 'NCP secure client virtual adapter (the same on every host)' },
  { value: '00:a0:c6:00:00:00', reason: 'Qualcomm Gobi mobile broadband placeholder' },
  { value: '02:80:37:ec:02:00', reason: 'Dell mobile broadband placeholder' },
  { value: '24:b6:20:52:41:53', reason: GLPI },
  { value: '00:0b:ca:fe:00:00', reason: GLPI },
  { value: 'e2:e6:16:20:0a:35', reason: 'FireWire adapter placeholder' },
  { value: 'd2:0a:2d:a0:04:be', reason: 'FireWire adapter placeholder' },
  { value: 'd2:6b:25:2f:2c:e7', reason: 'FireWire adapter placeholder' },
];

/** Patterns tried on the canonical MAC. */
export const JUNK_MAC_PATTERNS: readonly JunkPattern[] = [
  { pattern: /^00:50:56:c0:/, reason: 'VMware vmnet host adapter (the same on every VMware host)' },
  // The group bit (lowest bit of the first octet) marks multicast addresses; no interface has one as its own.
  { pattern: /^[0-9a-f][13579bdf]:/, reason: 'a group (multicast) address, not an interface\'s own' },
];

/** Host names compared lower-case; an IP address given as a host name is junk too. */
export const JUNK_HOSTNAMES: readonly JunkValue[] = [
  { value: 'localhost', reason: 'the loopback name every host has' },
  { value: 'localhost.localdomain', reason: 'the loopback name every host has' },
  { value: '(none)', reason: 'no value' },
  { value: 'unknown', reason: 'no value' },
];

/** Models and manufacturers compared case-insensitively (GLPI blacklists these so they create no dropdown entries). */
export const JUNK_MODELS: readonly JunkValue[] = [
  ...['To Be Filled By O.E.M.', 'System Product Name', 'Product Name', 'System Name', 'All Series', 'Default string', 'Not Specified', 'Unknow', 'Unknown', '*']
    .map((value) => ({ value, reason: FIRMWARE })),
];
export const JUNK_MANUFACTURERS: readonly JunkValue[] = [
  ...['System manufacturer', 'To Be Filled By O.E.M.', 'Default string', 'Not Specified', 'Unknown']
    .map((value) => ({ value, reason: FIRMWARE })),
];

function lookup(list: readonly JunkValue[], key: (v: string) => string): Map<string, string> {
  return new Map(list.map((j) => [key(j.value), j.reason]));
}

const lower = (v: string) => v.trim().toLowerCase();
const SERIALS = lookup(JUNK_SERIALS, serialKey);
const UUIDS = new Map([...JUNK_UUIDS.map((j) => [j.value, j.reason] as const), ...JUNK_UUIDS.map((j) => [swapUuidByteOrder(j.value), j.reason] as const)]);
const MACS = lookup(JUNK_MACS, lower);
const HOSTNAMES = lookup(JUNK_HOSTNAMES, lower);
const MODELS = lookup(JUNK_MODELS, lower);
const MANUFACTURERS = lookup(JUNK_MANUFACTURERS, lower);

function byPattern(patterns: readonly JunkPattern[], value: string): string | null {
  for (const p of patterns) if (p.pattern.test(value)) return p.reason;
  return null;
}

/** Why a reported serial is junk, or null when it can identify a device. */
export function junkSerialReason(serial: string): string | null {
  return junkSerialKeyReason(serialKey(serial));
}

/** As `junkSerialReason`, for a value already in `serialKey` form. */
export function junkSerialKeyReason(key: string): string | null {
  return SERIALS.get(key) ?? byPattern(JUNK_SERIAL_PATTERNS, key);
}

/** Why a canonical UUID (see `normaliseUuid`) is junk, or null. */
export function junkUuidReason(uuid: string): string | null {
  return UUIDS.get(uuid) ?? byPattern(JUNK_UUID_PATTERNS, uuid);
}

/** Why a canonical MAC (see `normaliseMac`) is junk, or null. */
export function junkMacReason(mac: string): string | null {
  return MACS.get(mac) ?? byPattern(JUNK_MAC_PATTERNS, mac);
}

/** Why a reported host name is junk, or null. */
export function junkHostnameReason(hostname: string): string | null {
  const key = lower(hostname);
  if (isIP(key)) return 'an IP address, not a host name';
  return HOSTNAMES.get(key) ?? null;
}

export function junkModelReason(model: string): string | null {
  return MODELS.get(lower(model)) ?? null;
}

export function junkManufacturerReason(manufacturer: string): string | null {
  return MANUFACTURERS.get(lower(manufacturer)) ?? null;
}
