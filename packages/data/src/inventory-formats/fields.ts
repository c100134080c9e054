import { isCalendarDate, isIPv4, isIPv6 } from '@custodia/domain';

/**
 * A count or size reported as text ("24105", "274877.906944", "1600 MT/s", "0 Mbps"): the leading number, rounded.
 * Negative values (agents report -1 for "unknown" speeds) and anything unreadable are null.
 */
export function toCount(value: string | null): number | null {
  if (value === null) return null;
  const match = /^\s*(\d{1,15}(?:\.\d+)?)(?![\d.])/.exec(value);
  if (!match) return null;
  const number = Math.round(Number(match[1]));
  return Number.isSafeInteger(number) ? number : null;
}

/**
 * A calendar date (YYYY-MM-DD) from the forms agents use: `2025-04-20`, `2025/04/20 00:00:00` (OCS),
 * `20/04/2025` (FusionInventory on Windows: day first), `20250420` (Windows registry). Impossible dates
 * (OCS's `1970-00-01`) and anything else are null.
 */
export function toCalendarDate(value: string | null): string | null {
  if (value === null) return null;
  const parts = dateParts(value);
  if (parts === null) return null;
  const [year, month, day] = parts;
  const date = `${year}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`;
  return isCalendarDate(date) ? date : null;
}

const TIME = String.raw`\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2}(?::\d{2})?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]${TIME})?$`);
const DAY_FIRST = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+${TIME})?$`);
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** Year, month, day of a date in one of the accepted forms. */
function dateParts(value: string): [string, string, string] | null {
  const yearFirst = YEAR_FIRST.exec(value) ?? COMPACT.exec(value);
  if (yearFirst) return [yearFirst[1]!, yearFirst[2]!, yearFirst[3]!];
  const dayFirst = DAY_FIRST.exec(value);
  if (dayFirst) return [dayFirst[3]!, dayFirst[2]!, dayFirst[1]!];
  return null;
}

/**
 * An instant as ISO-8601 from `2026-11-28 10:31:03` (agents' local time) or an ISO string. The agents' own offset is
 * used when the value has none and `offset` (OPERATINGSYSTEM/TIMEZONE/OFFSET, "+0000") is known; otherwise the
 * result has no offset and means the agent's local time.
 */
export function toInstant(value: string | null, offset: string | null = null): string | null {
  if (value === null) return null;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?\s*(Z|[+-]\d{2}:?\d{2}(?::\d{2})?)?$/.exec(value);
  if (!match) return null;
  const [, date, hours, minutes, seconds, fraction, zone] = match;
  if (!isCalendarDate(date!) || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 60) return null;
  const suffix = zoneOf(zone ?? offset);
  return `${date}T${hours}:${minutes}:${seconds}${fraction ?? ''}${suffix}`;
}

function zoneOf(zone: string | null | undefined): string {
  if (!zone) return '';
  if (zone === 'Z') return 'Z';
  const match = /^([+-])(\d{2}):?(\d{2})/.exec(zone);
  if (!match || Number(match[2]) > 14 || Number(match[3]) > 59) return '';
  return `${match[1]}${match[2]}:${match[3]}`;
}

/** A MAC address in lower-case colon form when it is one (`AA-BB-…`, `aabb.ccdd.eeff`, `aabbccddeeff`); else as given. */
export function normaliseMac(value: string | null): string | null {
  if (value === null) return null;
  const hex = /^[0-9a-f]{2}([:-])(?:[0-9a-f]{2}\1){4}[0-9a-f]{2}$/i.test(value)
    ? value.replace(/[:-]/g, '')
    : /^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(value)
      ? value.replace(/\./g, '')
      : /^[0-9a-f]{12}$/i.test(value)
        ? value
        : null;
  if (hex === null) return value;
  return hex.toLowerCase().replace(/(..)(?!$)/g, '$1:');
}

export function isMac(value: string): boolean {
  return /^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$/.test(value);
}

/** An IP address literal without a zone id or prefix length (`fe80::1%eth0`, `10.0.0.1/24` are reduced). */
export function toAddress(value: string): string | null {
  const address = value.trim().replace(/%.*$/, '').replace(/\/\d{1,3}$/, '');
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return address.toLowerCase();
  return null;
}

export function isLoopback(address: string): boolean {
  return address.startsWith('127.') || address === '::1' || address === '0:0:0:0:0:0:0:1';
}

/**
 * The host addresses in a list such as HARDWARE/IPADDR ("192.0.2.2/10.0.0.5") or a CSV cell ("10.0.0.1; 10.0.0.2"):
 * valid literals only, loopback excluded, each once.
 */
export function hostAddresses(value: string | null, separators: RegExp = /[/,;\s]+/): string[] {
  if (value === null) return [];
  // IPADDR separates with '/', so a prefix length cannot be told apart: split first, then read each part.
  const addresses = value
    .split(separators)
    .map(toAddress)
    .filter((a): a is string => a !== null && !isLoopback(a));
  return [...new Set(addresses)];
}

/** '1', 'true', 'yes' (any case) → true; '0', 'false', 'no' → false; else null. */
export function toFlag(value: string | null): boolean | null {
  if (value === null) return null;
  const lower = value.toLowerCase();
  if (lower === '1' || lower === 'true' || lower === 'yes') return true;
  if (lower === '0' || lower === 'false' || lower === 'no') return false;
  return null;
}
