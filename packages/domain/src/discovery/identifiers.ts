import { isIP } from '../attributes/ip.js';

/**
 * Canonical forms of the hardware identifiers discovery matches on. Agents write the same value many ways
 * (`00-1A-2B-3C-4D-5E` on Windows, `001a.2b3c.4d5e` on Cisco, `0:1a:2b:3c:4d:5e` from BSD tools, braces around UUIDs);
 * matching compares only these canonical forms.
 */

/**
 * The octets of a hardware address in any usual notation, lower-case two-digit hex, or null when it is not one.
 * Accepted: groups of 1–2 hex digits separated by `:` or `-` (one kind of separator), groups of 4 separated by `.`,
 * or an even number of hex digits without separators. Any length of at least 6 octets is returned, so callers can
 * tell a 48-bit MAC from a longer tunnel or InfiniBand address.
 */
export function parseMacOctets(value: string): string[] | null {
  const text = value.trim().toLowerCase();
  if (text === '') return null;
  let octets: string[];
  if (/^[0-9a-f]{1,2}(:[0-9a-f]{1,2})+$/.test(text) || /^[0-9a-f]{1,2}(-[0-9a-f]{1,2})+$/.test(text)) {
    octets = text.split(/[:-]/).map((o) => o.padStart(2, '0'));
  } else if (/^[0-9a-f]{4}(\.[0-9a-f]{4})+$/.test(text)) {
    octets = text.split('.').flatMap((g) => [g.slice(0, 2), g.slice(2)]);
  } else if (/^([0-9a-f]{2})+$/.test(text)) {
    octets = text.match(/../g)!;
  } else {
    return null;
  }
  return octets.length >= 6 ? octets : null;
}

const CANONICAL_MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

/** A 48-bit MAC address as `aa:bb:cc:dd:ee:ff`, or null when the value is not exactly one. */
export function normaliseMac(value: string): string | null {
  if (CANONICAL_MAC.test(value)) return value;
  const octets = parseMacOctets(value);
  return octets?.length === 6 ? octets.join(':') : null;
}

const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A UUID as lower-case `8-4-4-4-12`, or null when the value does not hold exactly 32 hex digits. Braces and a
 * `urn:uuid:` prefix are accepted; dashes are ignored wherever they are.
 */
export function normaliseUuid(value: string): string | null {
  if (CANONICAL_UUID.test(value)) return value;
  let text = value.trim().toLowerCase();
  if (text.startsWith('urn:uuid:')) text = text.slice('urn:uuid:'.length);
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1);
  const hex = text.replace(/-/g, '');
  if (!/^[0-9a-f]{32}$/.test(hex)) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The same UUID with its first three fields byte-swapped. SMBIOS before 2.6 stored them big-endian and later versions
 * little-endian, so one board can be reported both ways (`03000200-0400-0500-…` is `00020003-0004-0005-…`).
 */
export function swapUuidByteOrder(uuid: string): string {
  const hex = uuid.replace(/-/g, '');
  const swap = (s: string) => s.match(/../g)!.reverse().join('');
  return `${swap(hex.slice(0, 8))}-${swap(hex.slice(8, 12))}-${swap(hex.slice(12, 16))}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * The host-name key: NFC, lower-case, the short name before the first dot (`WEB01.corp.example` → `web01`), or null
 * when nothing is left. An IP address is not a host name and gives null (its first "label" would be a number).
 */
export function hostnameKeyOf(name: string): string | null {
  const text = name.normalize('NFC').trim().toLowerCase().replace(/\.$/, '');
  if (text === '' || isIP(text)) return null;
  const short = text.split('.')[0]!;
  return short === '' ? null : short;
}
