import ipaddr from 'ipaddr.js';
import type { Violation } from '../verdict.js';

/**
 * The network ranges of a location: the IPv4 and IPv6 networks (CIDR, e.g. `10.20.0.0/16`, `2001:db8::/48`) its
 * devices report addresses from, so discovery can tell where a device really is. Ranges may overlap across levels (a
 * site's /16 and a room's /24 inside it): the most specific range wins.
 *
 * A range is written as the network itself: `10.20.3.7/24` (an address with a prefix, host bits set) is refused
 * rather than silently widened, since it is as likely a mistyped address as a network; the message names the network
 * meant. Spelling is normalised (surrounding spaces, IPv6 in its canonical compressed lower-case form, RFC 5952), so
 * one network reads the same wherever it is written.
 */
export const MAX_NETWORK_RANGES = 50;

/** The longest text a range can take (a fully written IPv6 address, a slash and 3 digits), with room for spaces. */
export const NETWORK_RANGE_MAX_LENGTH = 60;

export type IpFamily = 'ipv4' | 'ipv6';

/** A parsed network: its family, its network address and prefix length, and its canonical text. */
export interface ParsedRange { family: IpFamily; network: ipaddr.IPv4 | ipaddr.IPv6; prefix: number; text: string }

export type RangeVerdict = { ok: true; range: ParsedRange } | { ok: false; code: 'INVALID_NETWORK_RANGE' | 'NETWORK_RANGE_HOST_BITS_SET'; message: string };

/** Parses one range as written by a person; IPv4 only as four decimal parts (no `10.1`, no octal or hex parts). */
export function parseNetworkRange(input: string): RangeVerdict {
  const invalid = (message: string): RangeVerdict => ({ ok: false, code: 'INVALID_NETWORK_RANGE', message });
  const match = /^([^/\s]+)\/(0|[1-9]\d{0,2})$/.exec(input.trim());
  if (!match) return invalid('Write a network as address/prefix, e.g. 10.20.0.0/16 or 2001:db8::/48');
  const [, address, bits] = match as unknown as [string, string, string];
  const prefix = Number(bits);
  let network: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(address)) {
    if (prefix > 32) return invalid('An IPv4 prefix is at most 32');
    network = ipaddr.IPv4.parse(address);
  } else if (ipaddr.IPv6.isValid(address) && !address.includes('%')) {
    if (prefix > 128) return invalid('An IPv6 prefix is at most 128');
    network = ipaddr.IPv6.parse(address);
    if ((network as ipaddr.IPv6).isIPv4MappedAddress()) return invalid('Write an IPv4 network as IPv4, e.g. 10.20.0.0/16');
  } else {
    return invalid('Not an IPv4 or IPv6 address');
  }
  const family: IpFamily = network.kind();
  const base = family === 'ipv4' ? ipaddr.IPv4.networkAddressFromCIDR(`${address}/${prefix}`) : ipaddr.IPv6.networkAddressFromCIDR(`${address}/${prefix}`);
  if (base.toString() !== network.toString()) {
    return { ok: false, code: 'NETWORK_RANGE_HOST_BITS_SET', message: `An address, not a network: the network is ${base.toString()}/${prefix}` };
  }
  return { ok: true, range: { family, network, prefix, text: `${network.toString()}/${prefix}` } };
}

/**
 * A location's ranges checked as a whole: each parsed (422 at `networkRanges.N` with a stable code), at most
 * `MAX_NETWORK_RANGES`, none twice once normalised (`DUPLICATE_NETWORK_RANGE` at the later one). The normalised list
 * is what is stored.
 */
export function checkNetworkRanges(ranges: readonly string[]): { ok: true; value: string[] } | { ok: false; violations: Violation[] } {
  const violations: Violation[] = [];
  if (ranges.length > MAX_NETWORK_RANGES) {
    violations.push({ code: 'TOO_MANY_NETWORK_RANGES', field: 'networkRanges', message: `A location lists at most ${MAX_NETWORK_RANGES} network ranges` });
  }
  const out: string[] = [];
  const seen = new Set<string>();
  ranges.forEach((text, i) => {
    const parsed = parseNetworkRange(text);
    if (!parsed.ok) { violations.push({ code: parsed.code, field: `networkRanges.${i}`, message: parsed.message }); return; }
    if (seen.has(parsed.range.text)) { violations.push({ code: 'DUPLICATE_NETWORK_RANGE', field: `networkRanges.${i}`, message: `${parsed.range.text} is already listed` }); return; }
    seen.add(parsed.range.text);
    out.push(parsed.range.text);
  });
  return violations.length ? { ok: false, violations } : { ok: true, value: out };
}
