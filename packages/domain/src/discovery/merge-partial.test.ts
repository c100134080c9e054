import { describe, expect, it } from 'vitest';
import { INVENTORY_SECTIONS, type InventorySection, type InventorySnapshot } from './inventory.js';
import { mergeSnapshot } from './merge-partial.js';

const sw = (name: string, version = '1.0') => ({ name, version, publisher: null, installDate: null, arch: null, origin: null });

function full(over: Partial<InventorySnapshot> = {}): InventorySnapshot {
  return {
    source: 'fusioninventory', agent: 'FusionInventory-Agent_v2.6', collectedAt: '2026-05-01T10:00:00Z', partial: false, sections: [...INVENTORY_SECTIONS],
    identity: { serial: 'SN1', uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32', hostname: 'pc-1', fqdn: 'pc-1.corp.example', manufacturer: 'Dell Inc.', model: 'Latitude', agentDeviceId: 'pc-1-agent', virtualization: null },
    hardware: { memoryMb: 16384, chassis: 'Laptop', ipAddresses: ['10.0.0.5'], lastLoggedUser: 'alice' },
    operatingSystem: { name: 'Debian', version: '12', fullName: 'Debian GNU/Linux 12', kernelName: 'linux', kernelVersion: '6.1.0', arch: 'x86_64' },
    cpus: [{ name: 'i7', manufacturer: 'Intel', cores: 4, threads: 8, speedMhz: 2800 }],
    memories: [{ capacityMb: 16384, type: 'DDR4', speedMhz: 3200, serial: 'M1', slot: 'A' }],
    storages: [{ name: 'nvme0n1', model: 'PM981', manufacturer: 'Samsung', serial: 'D1', sizeMb: 512000, type: 'disk' }],
    networks: [{ name: 'eth0', mac: '3c:52:82:11:22:33', ipv4: ['10.0.0.5'], ipv6: [], virtual: false, up: true, type: 'ethernet' }],
    monitors: [{ name: 'U2720Q', manufacturer: 'Dell', serial: 'MON1' }],
    software: [sw('bash', '5.2'), sw('curl', '7.88')],
    ...over,
  };
}

function partial(sections: InventorySection[], over: Partial<InventorySnapshot> = {}): InventorySnapshot {
  const base = full({ ...over });
  return {
    ...base, partial: true, sections, collectedAt: '2026-05-02T10:00:00Z',
    identity: { serial: null, uuid: null, hostname: null, fqdn: null, manufacturer: null, model: null, agentDeviceId: 'pc-1-agent', virtualization: null, ...over.identity },
    hardware: { memoryMb: null, chassis: null, ipAddresses: [], lastLoggedUser: null }, operatingSystem: null,
    cpus: [], memories: [], storages: [], networks: [], monitors: [], software: [],
    ...over,
  };
}

describe('mergeSnapshot', () => {
  it('a full inventory replaces everything, even values it no longer reports', () => {
    const known = full();
    const incoming = full({ software: [sw('bash', '5.3')], monitors: [], identity: { ...known.identity, fqdn: null } });
    expect(mergeSnapshot(known, incoming)).toBe(incoming);
  });

  it('with nothing known, the incoming inventory is what is known', () => {
    const incoming = partial(['software'], { software: [sw('vim')] });
    expect(mergeSnapshot(null, incoming)).toBe(incoming);
  });

  it.each(INVENTORY_SECTIONS.map((s) => [s]))('a partial inventory listing only %s replaces that section and keeps the others', (section) => {
    const known = full();
    const incoming = partial([section], {
      hardware: { memoryMb: 32768, chassis: 'Laptop', ipAddresses: ['10.0.0.9'], lastLoggedUser: 'bob' },
      operatingSystem: { name: 'Debian', version: '13', fullName: 'Debian GNU/Linux 13', kernelName: 'linux', kernelVersion: '6.12', arch: 'x86_64' },
      cpus: [], memories: [], storages: [], networks: [], monitors: [], software: [sw('bash', '5.3')],
    });
    const merged = mergeSnapshot(known, incoming);
    for (const s of INVENTORY_SECTIONS.filter((x) => x !== 'hardware')) expect(merged[s], s).toEqual(s === section ? incoming[s] : known[s]);
    // The host's addresses follow the interfaces: reported with them, kept without.
    const ipAddresses = section === 'hardware' || section === 'networks' ? incoming.hardware.ipAddresses : known.hardware.ipAddresses;
    expect(merged.hardware).toEqual({ ...(section === 'hardware' ? incoming : known).hardware, ipAddresses });
    expect(merged.partial).toBe(false);
    expect(merged.sections).toEqual([...INVENTORY_SECTIONS]);
  });

  it('hardware and OS merge field by field: a value not reported is missing data, not a removal', () => {
    const known = full();
    const merged = mergeSnapshot(known, partial(['hardware', 'operatingSystem'], {
      hardware: { memoryMb: null, chassis: 'Notebook', ipAddresses: [], lastLoggedUser: null },
      operatingSystem: { name: 'debian', version: null, fullName: null, kernelName: null, kernelVersion: '6.1.99', arch: null },
    }));
    expect(merged.hardware).toEqual({ ...known.hardware, chassis: 'Notebook' });
    expect(merged.operatingSystem).toEqual({ ...known.operatingSystem, name: 'debian', kernelVersion: '6.1.99' });
  });

  it('another OS or version replaces the known OS whole (its full name described the old one)', () => {
    const os = { name: 'Windows', version: '11', fullName: null, kernelName: null, kernelVersion: null, arch: null };
    expect(mergeSnapshot(full(), partial(['operatingSystem'], { operatingSystem: os })).operatingSystem).toEqual(os);
  });

  it('a partial without its interfaces keeps the known IP addresses; one with interfaces but no addresses clears them', () => {
    expect(mergeSnapshot(full(), partial(['hardware', 'software'])).hardware.ipAddresses).toEqual(['10.0.0.5']);
    expect(mergeSnapshot(full(), partial(['networks'])).hardware.ipAddresses).toEqual([]);
  });

  it('a feed row adds the MACs it saw to the known interfaces and keeps the known addresses', () => {
    const known = full({ networks: [...full().networks, { name: 'wlan0', mac: '3c:52:82:11:22:44', ipv4: ['10.0.1.5'], ipv6: [], virtual: false, up: true, type: 'wifi' }] });
    const row = (mac: string) => partial(['networks'], { source: 'csv-feed', networks: [{ name: mac, mac, ipv4: [], ipv6: [], virtual: false, up: null, type: null }] });
    expect(mergeSnapshot(known, row('3c:52:82:11:22:33')).networks).toEqual(known.networks);
    const added = mergeSnapshot(known, row('3c:52:82:11:22:55'));
    expect(added.networks.map((n) => n.mac)).toEqual(['3c:52:82:11:22:33', '3c:52:82:11:22:44', '3c:52:82:11:22:55']);
    expect(added.hardware).toEqual(known.hardware);
  });

  it('an SBOM (software only) keeps everything else, interfaces and addresses included', () => {
    const known = full();
    const merged = mergeSnapshot(known, partial(['software'], { source: 'sbom', software: [sw('zlib', '1.3')] }));
    expect({ ...merged, software: known.software, source: known.source, collectedAt: known.collectedAt }).toEqual(known);
    expect(merged.software).toEqual([sw('zlib', '1.3')]);
  });

  it('an empty listed section is an emptied section (the software was removed)', () => {
    const merged = mergeSnapshot(full(), partial(['software', 'monitors']));
    expect(merged.software).toEqual([]);
    expect(merged.monitors).toEqual([]);
    expect(merged.cpus).toHaveLength(1);
  });

  it('identity: reported values win, missing ones are kept', () => {
    const known = full();
    const merged = mergeSnapshot(known, partial(['software'], { identity: { serial: null, uuid: null, hostname: 'pc-1-renamed', fqdn: null, manufacturer: null, model: null, agentDeviceId: 'pc-1-agent', virtualization: null } }));
    expect(merged.identity).toEqual({ ...known.identity, hostname: 'pc-1-renamed' });
  });

  it('takes source, agent and collection time from the incoming inventory, keeping the known ones when it has none', () => {
    const merged = mergeSnapshot(full(), partial(['software'], { source: 'glpi-agent', agent: null, collectedAt: null }));
    expect(merged).toMatchObject({ source: 'glpi-agent', agent: 'FusionInventory-Agent_v2.6', collectedAt: '2026-05-01T10:00:00Z' });
    expect(mergeSnapshot(full(), partial(['software'])).collectedAt).toBe('2026-05-02T10:00:00Z');
  });

  it('partial on partial: the sections held accumulate, and it stays partial until all have been received', () => {
    const first = partial(['software', 'hardware'], { software: [sw('vim')] });
    const second = mergeSnapshot(first, partial(['networks']));
    expect(second.partial).toBe(true);
    expect(second.sections).toEqual(['hardware', 'networks', 'software']);
    expect(second.software).toEqual([sw('vim')]);
    const complete = mergeSnapshot(second, partial(['operatingSystem', 'cpus', 'memories', 'storages', 'monitors']));
    expect(complete.partial).toBe(false);
    expect(complete.sections).toEqual([...INVENTORY_SECTIONS]);
  });

  it('does not change its inputs', () => {
    const known = full();
    const incoming = partial(['software'], { software: [sw('vim')] });
    const before = JSON.stringify([known, incoming]);
    mergeSnapshot(known, incoming);
    expect(JSON.stringify([known, incoming])).toBe(before);
  });
});
