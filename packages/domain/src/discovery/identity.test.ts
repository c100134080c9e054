import { describe, expect, it } from 'vitest';
import { hostnameKeyOf, normaliseMac, normaliseUuid, parseMacOctets, swapUuidByteOrder } from './identifiers.js';
import { identityOf } from './identity.js';
import type { InventorySnapshot, NetworkInterface, ReportedIdentity } from './inventory.js';
import {
  JUNK_HOSTNAMES, JUNK_MACS, JUNK_MANUFACTURERS, JUNK_MODELS, JUNK_SERIALS, JUNK_UUIDS, junkHostnameReason, junkMacReason,
  junkManufacturerReason, junkModelReason, junkSerialReason, junkUuidReason,
} from './junk-values.js';

const nic = (mac: string | null, virtual = false, name = 'eth0'): NetworkInterface => ({ name, mac, ipv4: [], ipv6: [], virtual, up: true, type: null });

function snapshot(identity: Partial<ReportedIdentity>, networks: NetworkInterface[] = []): InventorySnapshot {
  return {
    source: 'glpi-agent', agent: null, collectedAt: null, partial: false, sections: [],
    identity: { serial: null, uuid: null, hostname: null, fqdn: null, manufacturer: null, model: null, agentDeviceId: null, virtualization: null, ...identity },
    hardware: { memoryMb: null, chassis: null, ipAddresses: [], lastLoggedUser: null },
    operatingSystem: null, cpus: [], memories: [], storages: [], networks, monitors: [], software: [],
  };
}

describe('junk serials', () => {
  it.each(JUNK_SERIALS.map((j) => [j.value]))('"%s" is junk, in any case and with spaces around', (value) => {
    expect(junkSerialReason(value)).not.toBeNull();
    expect(junkSerialReason(` ${value.toLowerCase()} `)).not.toBeNull();
  });

  it.each([
    ['0', 'shorter than 3 characters'], ['AB', 'shorter than 3 characters'], ['', 'shorter than 3 characters'],
    ['000000000', 'all zeros'], ['xxxxxxxxxx', 'one character repeated'], ['NNNNNNN', 'one character repeated'],
    ['11111111', 'one character repeated'], ['0101101', 'only zeros and ones'], ['1.0', 'a version number, not a serial'],
    ['2.3.1', 'a version number, not a serial'],
  ])('pattern: "%s" is junk (%s)', (value, reason) => {
    expect(junkSerialReason(value)).toBe(reason);
  });

  it.each([
    'VMware-56 4d 1a 2b 3c 4d 5e 6f-70 81 92 a3 b4 c5 d6 e7', 'Parallels-2A 5C 8E 1F 33 44 4B 0C 9D 1E 77 42 63 52 80 7A',
    'ec2e1916-9099-7caf-fd21-012345678901', '5CG1234ABC', 'PF3ABCDE', 'ABC', 'SN-A1B2C3', '1234-5678-9012-3456-7890-1234-56',
    'C02XK1ZQJGH5', '0123456788', 'V1.0-SN77',
  ])('"%s" is a real serial', (value) => {
    expect(junkSerialReason(value)).toBeNull();
  });
});

describe('junk UUIDs', () => {
  it.each(JUNK_UUIDS.map((j) => [j.value]))('%s is junk, in both SMBIOS byte orders', (value) => {
    expect(junkUuidReason(value)).not.toBeNull();
    expect(junkUuidReason(swapUuidByteOrder(value))).not.toBeNull();
  });

  it.each(['11111111-1111-1111-1111-111111111111', 'aaaaaaaa-aaaa-aaaa-aaaa-aaaaaaaaaaaa'])('%s (one digit repeated) is junk', (value) => {
    expect(junkUuidReason(value)).toBe('one hex digit repeated');
  });

  it.each(['4c4c4544-0042-3510-8052-b4c04f4e4d32', '564d1a2b-3c4d-5e6f-7081-92a3b4c5d6e7', '00000000-0000-0000-0000-000000000001'])('%s is a real UUID', (value) => {
    expect(junkUuidReason(value)).toBeNull();
  });

  it('swaps the first three fields only, and swapping twice gives the UUID back', () => {
    expect(swapUuidByteOrder('03000200-0400-0500-0006-000700080009')).toBe('00020003-0004-0005-0006-000700080009');
    expect(swapUuidByteOrder('00112233-4455-6677-8899-aabbccddeeff')).toBe('33221100-5544-7766-8899-aabbccddeeff');
    expect(swapUuidByteOrder(swapUuidByteOrder('4c4c4544-0042-3510-8052-b4c04f4e4d32'))).toBe('4c4c4544-0042-3510-8052-b4c04f4e4d32');
  });
});

describe('junk MACs', () => {
  it.each(JUNK_MACS.map((j) => [j.value]))('%s is junk', (value) => {
    expect(junkMacReason(value)).not.toBeNull();
  });

  it.each([
    ['00:50:56:c0:00:01', 'VMware vmnet'], ['00:50:56:c0:00:08', 'VMware vmnet'], ['00:50:56:c0:12:34', 'VMware vmnet'],
    ['01:00:5e:00:00:fb', 'group (multicast)'], ['33:33:00:00:00:01', 'group (multicast)'],
  ])('pattern: %s is junk (%s)', (value, reason) => {
    expect(junkMacReason(value)).toContain(reason);
  });

  it.each([
    ['02:fc:00:00:00:01', 'locally administered, the only stable MAC of a container'], ['02:42:ac:11:00:02', 'Docker container'],
    ['52:54:00:12:34:56', 'KVM guest'], ['00:0c:29:ab:cd:ef', 'VMware guest'], ['00:50:56:01:02:03', 'VMware guest, not a host adapter'],
    ['3c:52:82:11:22:33', 'physical NIC'], ['0a:00:27:00:00:01', 'not the VirtualBox host-only placeholder'],
  ])('%s is a real MAC (%s)', (value) => {
    expect(junkMacReason(value)).toBeNull();
  });
});

describe('junk host names, models and manufacturers', () => {
  it.each(JUNK_HOSTNAMES.map((j) => [j.value]))('host name "%s" is junk', (value) => {
    expect(junkHostnameReason(value.toUpperCase())).not.toBeNull();
  });
  it.each(['10.1.2.3', '::1', 'fe80::1'])('an IP address "%s" is not a host name', (value) => {
    expect(junkHostnameReason(value)).toBe('an IP address, not a host name');
  });
  it.each(['web01', 'DESKTOP-4F2K9QX', 'localhost2', 'ubuntu'])('host name "%s" is kept', (value) => {
    expect(junkHostnameReason(value)).toBeNull();
  });
  it.each(JUNK_MODELS.map((j) => [j.value]))('model "%s" is junk', (value) => expect(junkModelReason(value)).not.toBeNull());
  it.each(JUNK_MANUFACTURERS.map((j) => [j.value]))('manufacturer "%s" is junk', (value) => expect(junkManufacturerReason(value)).not.toBeNull());
  it('real models and manufacturers are kept', () => {
    expect(junkModelReason('Latitude 7440')).toBeNull();
    expect(junkManufacturerReason('Dell Inc.')).toBeNull();
  });
});

describe('normaliseMac', () => {
  it.each([
    ['00:1A:2B:3C:4D:5E', '00:1a:2b:3c:4d:5e'], ['00-1a-2b-3c-4d-5e', '00:1a:2b:3c:4d:5e'], ['001a.2b3c.4d5e', '00:1a:2b:3c:4d:5e'],
    ['001A2B3C4D5E', '00:1a:2b:3c:4d:5e'], ['0:1a:2b:3:4d:5e', '00:1a:2b:03:4d:5e'], [' 00:1a:2b:3c:4d:5e\t', '00:1a:2b:3c:4d:5e'],
    ['02:fc:00:00:00:01', '02:fc:00:00:00:01'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseMac(input)).toBe(expected);
  });

  it.each([
    '', 'not a mac', '00:1a:2b:3c:4d', '00:1a:2b:3c:4d:5e:6f', '00:00:00:00:00:00:00:e0', '00:1a-2b:3c:4d:5e', '001a2b3c4d5', '00:1a:2b:3c:4d:5g',
    '001:a2:b3:c4:d5:e6', '001a.2b3c.4d5', 'ab',
  ])('"%s" is not a 48-bit MAC', (input) => {
    expect(normaliseMac(input)).toBeNull();
  });

  it('parses longer hardware addresses so callers can say why they are ignored', () => {
    expect(parseMacOctets('00-00-00-00-00-00-00-E0')).toHaveLength(8);
    expect(parseMacOctets('00:1a')).toBeNull();
  });
});

describe('normaliseUuid', () => {
  it.each([
    ['4C4C4544-0042-3510-8052-B4C04F4E4D32', '4c4c4544-0042-3510-8052-b4c04f4e4d32'],
    ['{4c4c4544-0042-3510-8052-b4c04f4e4d32}', '4c4c4544-0042-3510-8052-b4c04f4e4d32'],
    ['urn:uuid:4c4c4544-0042-3510-8052-b4c04f4e4d32', '4c4c4544-0042-3510-8052-b4c04f4e4d32'],
    ['4c4c454400423510 8052b4c04f4e4d32'.replace(' ', ''), '4c4c4544-0042-3510-8052-b4c04f4e4d32'],
    ['  4c4c4544-0042-3510-8052-b4c04f4e4d32 ', '4c4c4544-0042-3510-8052-b4c04f4e4d32'],
  ])('%s → %s', (input, expected) => {
    expect(normaliseUuid(input)).toBe(expected);
  });

  it.each(['', '2', 'not-a-uuid', '4c4c4544-0042-3510-8052-b4c04f4e4d3', '4c4c4544-0042-3510-8052-b4c04f4e4d32a', 'g4c4c544-0042-3510-8052-b4c04f4e4d32',
    'a3f1c2d4e5b6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70'])('"%s" is not a UUID', (input) => {
    expect(normaliseUuid(input)).toBeNull();
  });
});

describe('hostnameKeyOf', () => {
  it.each([
    ['WEB01', 'web01'], ['web01.corp.example', 'web01'], ['Web01.Corp.Example.', 'web01'], [' db-2 ', 'db-2'], ['DESKTOP-4F2K9QX', 'desktop-4f2k9qx'],
  ])('%s → %s', (input, expected) => {
    expect(hostnameKeyOf(input)).toBe(expected);
  });
  it.each(['', '   ', '.corp.example', '10.1.2.3', '::1'])('"%s" has no key', (input) => {
    expect(hostnameKeyOf(input)).toBeNull();
  });
});

describe('identityOf', () => {
  it('keeps real identifiers in canonical form', () => {
    const id = identityOf(snapshot(
      { serial: ' 5CG1234ABC ', uuid: '{4C4C4544-0042-3510-8052-B4C04F4E4D32}', hostname: 'PC-042', fqdn: 'pc-042.corp.example', manufacturer: 'HP', model: 'EliteBook 840', agentDeviceId: 'pc-042-2026-05-20-10-00-00', virtualization: null },
      [nic('3C-52-82-11-22-33'), nic('3c:52:82:11:22:33', false, 'eth0:1'), nic('00:0c:29:00:00:01', false, 'eth1')],
    ));
    expect(id).toEqual({
      serial: '5CG1234ABC', serialKey: '5CG1234ABC', uuid: '4c4c4544-0042-3510-8052-b4c04f4e4d32',
      macs: ['00:0c:29:00:00:01', '3c:52:82:11:22:33'], hostname: 'PC-042', hostnameKey: 'pc-042', fqdn: 'pc-042.corp.example',
      manufacturer: 'HP', model: 'EliteBook 840', agentDeviceId: 'pc-042-2026-05-20-10-00-00', virtual: false, ignored: [],
    });
  });

  it('drops junk and says why, keeping the value as reported', () => {
    const id = identityOf(snapshot(
      { serial: 'To Be Filled By O.E.M.', uuid: '03000200-0400-0500-0006-000700080009', hostname: 'localhost', manufacturer: 'System manufacturer', model: 'System Product Name' },
      [nic('00:50:56:C0:00:08'), nic('00-00-00-00-00-00-00-E0', false, 'isatap'), nic('garbage', false, 'x'), nic('00:00:00:00:00:00', false, 'lo0')],
    ));
    expect(id.serial).toBeNull();
    expect(id.serialKey).toBeNull();
    expect(id.uuid).toBeNull();
    expect(id.macs).toEqual([]);
    expect(id.hostname).toBeNull();
    expect(id.hostnameKey).toBeNull();
    expect(id.manufacturer).toBeNull();
    expect(id.model).toBeNull();
    expect(id.ignored.map((i) => [i.field, i.value])).toEqual([
      ['serial', 'To Be Filled By O.E.M.'], ['uuid', '03000200-0400-0500-0006-000700080009'],
      ['mac', '00:50:56:C0:00:08'], ['mac', '00-00-00-00-00-00-00-E0'], ['mac', 'garbage'], ['mac', '00:00:00:00:00:00'],
      ['hostname', 'localhost'], ['manufacturer', 'System manufacturer'], ['model', 'System Product Name'],
    ]);
    expect(id.ignored.find((i) => i.value === '00-00-00-00-00-00-00-E0')!.reason).toContain('longer than 6 bytes');
    expect(id.ignored.every((i) => i.reason.length > 0)).toBe(true);
  });

  it('uses physical interfaces only, and keeps locally administered MACs', () => {
    const id = identityOf(snapshot({ hostname: 'ctr', virtualization: 'Docker' }, [
      nic('02:fc:00:00:00:01'), nic('5e:11:22:33:44:55', true, 'ifb0'), nic('02:42:ac:11:00:02', true, 'docker0'), nic(null, false, 'lo'),
    ]));
    expect(id.macs).toEqual(['02:fc:00:00:00:01']);
    expect(id.ignored).toEqual([]);
    expect(id.virtual).toBe(true);
  });

  it('records a repeated junk value once', () => {
    const id = identityOf(snapshot({}, [nic('00:00:00:00:00:00', false, 'a'), nic('00:00:00:00:00:00', false, 'b')]));
    expect(id.ignored).toHaveLength(1);
  });

  it('takes the host-name key from the FQDN when no host name is reported', () => {
    expect(identityOf(snapshot({ fqdn: 'Srv-7.corp.example' })).hostnameKey).toBe('srv-7');
    expect(identityOf(snapshot({ hostname: 'a', fqdn: 'b.corp.example' })).hostnameKey).toBe('a');
  });

  it('reports a non-UUID as ignored (a container id is not a UUID)', () => {
    const id = identityOf(snapshot({ uuid: 'a3f1c2d4e5b6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70' }));
    expect(id.uuid).toBeNull();
    expect(id.ignored).toEqual([{ field: 'uuid', value: 'a3f1c2d4e5b6a7f8091a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70', reason: 'not a UUID (32 hex digits)' }]);
  });

  it.each([[null, false], ['Physical', false], ['physical', false], ['VMware', true], ['Docker', true], ['kvm', true]] as const)(
    'virtualization %s → virtual %s', (virtualization, virtual) => {
      expect(identityOf(snapshot({ virtualization })).virtual).toBe(virtual);
    },
  );

  it('keys serials the way the register does (case and invisible characters ignored)', () => {
    expect(identityOf(snapshot({ serial: 'sn\u200B-abc123' })).serialKey).toBe('SN-ABC123');
  });
});

describe('overlong identifiers', () => {
  it('are ignored with a reason, at most the register serial length, a DNS name or an agent id long', () => {
    const long = (n: number) => 'A1'.repeat(n).slice(0, n);
    const id = identityOf(snapshot({ serial: long(129), hostname: `h${long(253)}`, fqdn: `f${long(253)}`, agentDeviceId: long(256) }));
    expect(id).toMatchObject({ serial: null, serialKey: null, hostname: null, hostnameKey: null, fqdn: null, agentDeviceId: null });
    expect(id.ignored.map((i) => [i.field, i.reason])).toEqual([
      ['serial', 'longer than 128 characters (129): not an identifier'], ['hostname', 'longer than 253 characters (254): not an identifier'],
      ['fqdn', 'longer than 253 characters (254): not an identifier'], ['agentDeviceId', 'longer than 255 characters (256): not an identifier'],
    ]);
    expect(id.ignored.every((i) => i.value.length === 65)).toBe(true);
    const fits = identityOf(snapshot({ serial: long(128), hostname: long(253), agentDeviceId: long(255) }));
    expect(fits).toMatchObject({ serial: long(128), hostname: long(253), agentDeviceId: long(255), ignored: [] });
  });
});
