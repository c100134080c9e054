import ipaddr from 'ipaddr.js';
import type { InventorySnapshot } from './inventory.js';
import { type IpFamily, parseNetworkRange } from '../register/network-ranges.js';

/**
 * Where a discovered device is, told by the networks it reports addresses from and the network ranges of the
 * locations (`register/network-ranges.ts`): each address is placed by the most specific range holding it, and the
 * device by the most specific of those places. Pure: the caller gives the ranges and the addresses.
 */

/** A location with ranges, as the matching reads it: its id, its materialised path ("/a/b/c/") and its ranges. */
export interface RangedPlace { id: string; path: string; ranges: readonly string[] }

interface RangeEntry { placeId: string; path: string; family: IpFamily; network: ipaddr.IPv4 | ipaddr.IPv6; prefix: number; text: string }

/** The ranges of every location, parsed once, to place many devices (built again when a location changes). */
export interface NetworkMap {
  readonly entries: readonly RangeEntry[];
  /** The same per family, most specific first: the first match of an address is its most specific. */
  readonly byFamily: Readonly<Record<IpFamily, readonly RangeEntry[]>>;
}

/** Parses the locations' ranges for matching; a stored range that no longer parses is left out rather than failing every device. */
export function buildNetworkMap(places: readonly RangedPlace[]): NetworkMap {
  const entries: RangeEntry[] = [];
  for (const place of places) {
    for (const text of place.ranges) {
      const parsed = parseNetworkRange(text);
      if (parsed.ok) entries.push({ placeId: place.id, path: place.path, ...parsed.range });
    }
  }
  const ordered = (family: IpFamily) => entries.filter((e) => e.family === family).sort((a, b) => b.prefix - a.prefix);
  return { entries, byFamily: { ipv4: ordered('ipv4'), ipv6: ordered('ipv6') } };
}

/**
 * Interfaces whose addresses say nothing about where the machine is: loopback, bridges and virtual ethernet of
 * containers and hypervisors, VPN tunnels (their pool is the VPN's, not the site's). Matched on the interface name as
 * agents report it on Linux, macOS and Windows; an interface the agent marks virtual is left out too.
 */
const NOT_WHERE_IT_IS = /^(lo\d*|docker|br-|veth|virbr|vboxnet|vmnet|cni|flannel|cali|weave|podman|lxcbr|lxdbr|kube|tun|tap|utun|wg|zt|tailscale)|v[Ee]thernet|virtualbox|vmware|hyper-v|loopback|wsl/i;

/** Addresses that are never a site's: the host itself, the link only, or no host at all. */
const NOT_PLACED = new Set(['loopback', 'linkLocal', 'unspecified', 'multicast', 'broadcast']);

/** One reported address, read leniently (a zone id or a prefix the agent appended is dropped); null when unusable. */
function addressOf(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const bare = text.trim().replace(/%.*$/, '').replace(/\/\d+$/, '');
  if (!(ipaddr.IPv4.isValidFourPartDecimal(bare) || ipaddr.IPv6.isValid(bare))) return null;
  const address = ipaddr.process(bare);
  return NOT_PLACED.has(address.range()) ? null : address;
}

/**
 * The addresses a device reports that can tell where it is: those of its real network interfaces (not virtual, not of
 * a container, VM or VPN), or, for a source without interfaces (a CSV feed), its reported addresses; loopback,
 * link-local, unspecified and multicast addresses left out, IPv4-mapped IPv6 read as IPv4, each once.
 */
export function placeableAddresses(s: Pick<InventorySnapshot, 'networks' | 'hardware'>): string[] {
  const fromInterfaces = s.networks.filter((n) => n.ipv4.length + n.ipv6.length > 0);
  const texts = fromInterfaces.length
    ? fromInterfaces.filter((n) => !n.virtual && !NOT_WHERE_IT_IS.test(n.name) && n.type !== 'loopback').flatMap((n) => [...n.ipv4, ...n.ipv6])
    : s.hardware.ipAddresses;
  const out = new Set<string>();
  for (const text of texts) {
    const address = addressOf(text);
    if (address) out.add(address.toString());
  }
  return [...out];
}

/** Where the device is: a place, with the range and address that tell it; or no verdict, and why. */
export type NetworkLocation =
  | { kind: 'located'; placeId: string; range: string; address: string }
  | { kind: 'none' }
  | { kind: 'ambiguous'; placeIds: string[] };

/** True when one of two places is the other or lies inside it (a materialised path is its ancestors' ids then its own). */
export const samePlaceOrWithin = (aPath: string, bPath: string): boolean => aPath.startsWith(bPath) || bPath.startsWith(aPath);

/**
 * Places a device by its addresses (`placeableAddresses`). Each address goes to the most specific range holding it
 * (longest prefix, same family); two different places with equally specific ranges for one address leave it
 * undecided. The device is then where its addresses are: when they all point along one branch of the tree (a site
 * and a room inside it), the most specific place; when any address is undecided, or two addresses point to places
 * apart (a LAN address at one site, another at the other), there is no verdict — a wrong "it is elsewhere" costs a
 * person's time, no verdict costs nothing. No address in any range: `none`.
 */
export function locateByAddresses(addresses: readonly string[], map: NetworkMap): NetworkLocation {
  if (!map.entries.length) return { kind: 'none' };
  const found: (RangeEntry & { address: string })[] = [];
  const undecided = new Set<string>();
  for (const text of addresses) {
    const address = addressOf(text);
    if (!address) continue;
    // Most specific first: the first match sets the prefix, and only ranges as specific can tie with it.
    const best: RangeEntry[] = [];
    for (const entry of map.byFamily[address.kind()]) {
      if (best.length && entry.prefix < best[0]!.prefix) break;
      if (address.match(entry.network, entry.prefix)) best.push(entry);
    }
    const places = [...new Set(best.map((e) => e.placeId))];
    if (places.length > 1) for (const id of places) undecided.add(id);
    else if (best.length) found.push({ ...best[0]!, address: address.toString() });
  }
  if (undecided.size) return { kind: 'ambiguous', placeIds: [...new Set([...undecided, ...found.map((f) => f.placeId)])].sort() };
  if (!found.length) return { kind: 'none' };
  // The deepest place; every other must be it or above it.
  const deepest = found.reduce((a, b) => (b.path.length > a.path.length ? b : a));
  if (found.some((f) => !deepest.path.startsWith(f.path))) return { kind: 'ambiguous', placeIds: [...new Set(found.map((f) => f.placeId))].sort() };
  return { kind: 'located', placeId: deepest.placeId, range: deepest.text, address: deepest.address };
}
