import { describe, expect, it } from 'vitest';
import { buildNetworkMap, locateByAddresses, placeableAddresses, samePlaceOrWithin } from './network-location.js';
import { MAX_NETWORK_RANGES, checkNetworkRanges, parseNetworkRange } from '../register/network-ranges.js';
import type { NetworkInterface } from './inventory.js';

describe('network ranges of a location', () => {
  it.each([
    ['10.20.0.0/16', '10.20.0.0/16'],
    [' 10.20.3.0/24 ', '10.20.3.0/24'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['192.0.2.7/32', '192.0.2.7/32'],
    ['2001:DB8:0:0::/48', '2001:db8::/48'],
    ['2001:0db8:0000:0000:0000:0000:0000:0000/32', '2001:db8::/32'],
    ['fd00::/8', 'fd00::/8'],
    ['::/0', '::/0'],
  ])('%s is stored as %s', (input, stored) => {
    expect(parseNetworkRange(input)).toMatchObject({ ok: true, range: { text: stored } });
  });

  it.each([
    ['10.20.0.0', 'INVALID_NETWORK_RANGE'],
    ['10.20.0.0/33', 'INVALID_NETWORK_RANGE'],
    ['10.20.0.0/016', 'INVALID_NETWORK_RANGE'],
    ['10.20/16', 'INVALID_NETWORK_RANGE'],
    ['010.20.0.0/16', 'INVALID_NETWORK_RANGE'],
    ['0x0a.0.0.0/8', 'INVALID_NETWORK_RANGE'],
    ['256.0.0.0/8', 'INVALID_NETWORK_RANGE'],
    ['2001:db8::/129', 'INVALID_NETWORK_RANGE'],
    ['fe80::%eth0/64', 'INVALID_NETWORK_RANGE'],
    ['::ffff:10.0.0.0/104', 'INVALID_NETWORK_RANGE'],
    ['berlin/24', 'INVALID_NETWORK_RANGE'],
    ['', 'INVALID_NETWORK_RANGE'],
    ['10.20.3.7/24', 'NETWORK_RANGE_HOST_BITS_SET'],
    ['2001:db8::1/48', 'NETWORK_RANGE_HOST_BITS_SET'],
  ])('%s is refused with %s', (input, code) => {
    expect(parseNetworkRange(input)).toMatchObject({ ok: false, code });
  });

  it('a range with host bits set names the network meant', () => {
    expect(parseNetworkRange('10.20.3.7/24')).toMatchObject({ message: expect.stringContaining('10.20.3.0/24') });
  });

  it('a list is normalised, or refused with each problem at its position', () => {
    expect(checkNetworkRanges(['10.20.0.0/16', '2001:DB8::/48'])).toEqual({ ok: true, value: ['10.20.0.0/16', '2001:db8::/48'] });
    expect(checkNetworkRanges([])).toEqual({ ok: true, value: [] });
    const refused = checkNetworkRanges(['10.20.0.0/16', 'x', '10.20.0.0/16 ', '10.1.1.1/8']);
    expect(refused).toEqual({ ok: false, violations: [
      expect.objectContaining({ field: 'networkRanges.1', code: 'INVALID_NETWORK_RANGE' }),
      expect.objectContaining({ field: 'networkRanges.2', code: 'DUPLICATE_NETWORK_RANGE' }),
      expect.objectContaining({ field: 'networkRanges.3', code: 'NETWORK_RANGE_HOST_BITS_SET' }),
    ] });
    const many = Array.from({ length: MAX_NETWORK_RANGES + 1 }, (_, i) => `10.${i}.0.0/16`);
    expect(checkNetworkRanges(many)).toEqual({ ok: false, violations: [expect.objectContaining({ field: 'networkRanges', code: 'TOO_MANY_NETWORK_RANGES' })] });
  });
});

const nic = (name: string, ipv4: string[], ipv6: string[] = [], extra: Partial<NetworkInterface> = {}): NetworkInterface =>
  ({ name, mac: null, ipv4, ipv6, virtual: false, up: true, type: 'ethernet', ...extra });
const snapshot = (networks: NetworkInterface[], ipAddresses: string[] = []) => ({ networks, hardware: { memoryMb: null, chassis: null, ipAddresses, lastLoggedUser: null } });

describe('addresses that tell where a device is', () => {
  it('keeps the real interfaces\' addresses, without loopback, link-local, unspecified or multicast ones', () => {
    expect(placeableAddresses(snapshot([
      nic('lo', ['127.0.0.1'], ['::1'], { type: 'loopback', virtual: true }),
      nic('eth0', ['10.20.3.7', '169.254.10.1'], ['fe80::1', '2001:db8:0:3::7', '::']),
      nic('wlan0', ['0.0.0.0', '224.0.0.1', '10.20.3.7'], ['::ffff:10.20.9.9']),
    ]))).toEqual(['10.20.3.7', '2001:db8:0:3::7', '10.20.9.9']);
  });

  it('leaves out virtual interfaces and those of containers, hypervisors and VPNs', () => {
    expect(placeableAddresses(snapshot([
      nic('docker0', ['172.17.0.1']), nic('br-5f2a', ['172.18.0.1']), nic('veth12ab', ['172.17.0.2']), nic('virbr0', ['192.168.122.1']),
      nic('vEthernet (WSL)', ['172.30.0.1']), nic('VirtualBox Host-Only Network', ['192.168.56.1']), nic('tun0', ['10.8.0.6']), nic('wg0', ['10.9.0.2']),
      nic('ens3', ['10.1.0.5'], [], { virtual: true }), nic('Ethernet', ['10.20.3.8']),
    ]))).toEqual(['10.20.3.8']);
  });

  it('a source without interfaces is read from its reported addresses; a zone id or prefix is dropped', () => {
    expect(placeableAddresses(snapshot([], ['10.20.3.9/24', 'fe80::1%eth0', '2001:db8::9%eth0', 'not-an-ip', '127.0.0.1']))).toEqual(['10.20.3.9', '2001:db8::9']);
    // Interfaces without any address do not hide the reported addresses.
    expect(placeableAddresses(snapshot([nic('eth0', [])], ['10.20.3.9']))).toEqual(['10.20.3.9']);
  });
});

describe('locating a device by its addresses', () => {
  // Berlin (site) holds 10.20.0.0/16 and 2001:db8:20::/48; its room 3 10.20.3.0/24 and 2001:db8:20:3::/64.
  const berlin = { id: 'berlin', path: '/de/berlin/', ranges: ['10.20.0.0/16', '2001:db8:20::/48'] };
  const room3 = { id: 'room3', path: '/de/berlin/b1/room3/', ranges: ['10.20.3.0/24', '2001:db8:20:3::/64'] };
  const paris = { id: 'paris', path: '/fr/paris/', ranges: ['10.30.0.0/16'] };
  const map = buildNetworkMap([berlin, room3, paris]);

  it('IPv4: the most specific range wins', () => {
    expect(locateByAddresses(['10.20.3.7'], map)).toEqual({ kind: 'located', placeId: 'room3', range: '10.20.3.0/24', address: '10.20.3.7' });
    expect(locateByAddresses(['10.20.4.7'], map)).toEqual({ kind: 'located', placeId: 'berlin', range: '10.20.0.0/16', address: '10.20.4.7' });
    expect(locateByAddresses(['10.30.0.1'], map)).toEqual({ kind: 'located', placeId: 'paris', range: '10.30.0.0/16', address: '10.30.0.1' });
  });

  it('IPv6: the most specific range wins, in any spelling', () => {
    expect(locateByAddresses(['2001:DB8:20:3:0:0:0:7'], map)).toEqual({ kind: 'located', placeId: 'room3', range: '2001:db8:20:3::/64', address: '2001:db8:20:3::7' });
    expect(locateByAddresses(['2001:db8:20:9::7'], map)).toMatchObject({ kind: 'located', placeId: 'berlin', range: '2001:db8:20::/48' });
  });

  it('addresses along one branch place the device at the most specific place, whichever family says it', () => {
    expect(locateByAddresses(['10.20.4.7', '2001:db8:20:3::7'], map)).toMatchObject({ kind: 'located', placeId: 'room3', range: '2001:db8:20:3::/64' });
    expect(locateByAddresses(['192.0.2.1', '10.20.4.7'], map)).toMatchObject({ kind: 'located', placeId: 'berlin' });
  });

  it('no address in any range, no address at all, or no ranges: none', () => {
    expect(locateByAddresses(['192.0.2.1', '2001:db8:99::1'], map)).toEqual({ kind: 'none' });
    expect(locateByAddresses([], map)).toEqual({ kind: 'none' });
    expect(locateByAddresses(['10.20.3.7'], buildNetworkMap([]))).toEqual({ kind: 'none' });
    // An IPv4 address never falls in an IPv6 range, nor the other way.
    expect(locateByAddresses(['::a14:307'], buildNetworkMap([{ id: 'x', path: '/x/', ranges: ['10.0.0.0/8'] }]))).toEqual({ kind: 'none' });
    // Loopback and link-local addresses say nothing even in a range that holds them.
    expect(locateByAddresses(['127.0.0.1', '169.254.1.1'], buildNetworkMap([{ id: 'x', path: '/x/', ranges: ['0.0.0.0/0'] }]))).toEqual({ kind: 'none' });
  });

  it('two different places with equally specific ranges: no verdict', () => {
    const twin = buildNetworkMap([berlin, room3, { id: 'lab', path: '/de/berlin/b2/lab/', ranges: ['10.20.3.0/24'] }]);
    expect(locateByAddresses(['10.20.3.7'], twin)).toEqual({ kind: 'ambiguous', placeIds: ['lab', 'room3'] });
    // Undecided for one address, though another address is clear.
    expect(locateByAddresses(['10.20.3.7', '2001:db8:20:3::7'], twin)).toEqual({ kind: 'ambiguous', placeIds: ['lab', 'room3'] });
    // The same range twice on one place is one place.
    expect(locateByAddresses(['10.30.0.1'], buildNetworkMap([paris, { ...paris, ranges: ['10.30.0.0/16'] }]))).toMatchObject({ kind: 'located', placeId: 'paris' });
  });

  it('addresses at places apart: no verdict', () => {
    expect(locateByAddresses(['10.20.3.7', '10.30.0.1'], map)).toEqual({ kind: 'ambiguous', placeIds: ['paris', 'room3'] });
  });

  it('a stored range that no longer parses is left out', () => {
    expect(locateByAddresses(['10.20.3.7'], buildNetworkMap([{ id: 'x', path: '/x/', ranges: ['10.20.3.7/24', 'junk', '10.20.0.0/16'] }]))).toMatchObject({ kind: 'located', placeId: 'x', range: '10.20.0.0/16' });
  });

  it('a place agrees with the register when it is the registered place, inside it, or holds it', () => {
    expect(samePlaceOrWithin(room3.path, room3.path)).toBe(true);
    expect(samePlaceOrWithin(berlin.path, room3.path)).toBe(true);
    expect(samePlaceOrWithin(room3.path, berlin.path)).toBe(true);
    expect(samePlaceOrWithin(paris.path, room3.path)).toBe(false);
    expect(samePlaceOrWithin('/de/berlin/b2/', room3.path)).toBe(false);
  });
});
