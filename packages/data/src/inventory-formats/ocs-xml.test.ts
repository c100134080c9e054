import { readFileSync } from 'node:fs';
import { INVENTORY_SECTIONS, type InventorySnapshot } from '@custodia/domain';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INVENTORY_LIMITS } from './limits.js';
import { agentSourceOf, parseAgentXml } from './ocs-xml.js';
import { failure } from '../../test-fixtures/inventories/support.js';

const limits = DEFAULT_INVENTORY_LIMITS;
const fixture = (name: string): string => readFileSync(new URL(`../../test-fixtures/inventories/${name}`, import.meta.url), 'utf8');


/** A minimal inventory request around some CONTENT. */
const request = (content: string, extra = ''): string =>
  `<?xml version="1.0" encoding="UTF-8" ?><REQUEST><CONTENT>${content}</CONTENT><DEVICEID>dev-1</DEVICEID><QUERY>INVENTORY</QUERY>${extra}</REQUEST>`;
const snapshotOf = (content: string): InventorySnapshot => parseAgentXml(request(content), limits, { source: 'fusioninventory' }).snapshot!;

describe('parseAgentXml on the real FusionInventory 2.6 inventory (fi-inventory.xml)', () => {
  const result = parseAgentXml(fixture('fi-inventory.xml'), limits, { source: 'fusioninventory', userAgent: 'FusionInventory-Agent_v2.6-3' });
  const snapshot = result.snapshot!;

  it('reads the request', () => {
    expect(result.query).toBe('INVENTORY');
    expect(result.deviceId).toBe('vm-2026-11-28-10-31-02');
    expect(result.token).toBeUndefined();
    expect(snapshot.source).toBe('fusioninventory');
    expect(snapshot.partial).toBe(false);
    expect(snapshot.sections).toEqual([...INVENTORY_SECTIONS]);
    expect(snapshot.agent).toBe('FusionInventory-Inventory_v2.6-3');
    expect(snapshot.collectedAt).toBe('2026-11-28T10:31:03+00:00');
  });

  it('reads the identity as reported (empty SSN, no UUID, Docker)', () => {
    expect(snapshot.identity).toEqual({
      serial: null,
      uuid: null,
      hostname: 'vm',
      fqdn: 'vm',
      manufacturer: null,
      model: null,
      agentDeviceId: 'vm-2026-11-28-10-31-02',
      virtualization: 'Docker',
    });
  });

  it('reads hardware, OS and CPU', () => {
    expect(snapshot.hardware).toEqual({ memoryMb: 24105, chassis: null, ipAddresses: ['192.0.2.2'], lastLoggedUser: 'wtmp' });
    expect(snapshot.operatingSystem).toEqual({
      name: 'Debian GNU/Linux',
      version: '12.11',
      fullName: 'Debian GNU/Linux 12 (bookworm)',
      kernelName: 'linux',
      kernelVersion: '6.18.44-fc-v595',
      arch: 'x86_64',
    });
    expect(snapshot.cpus).toEqual([{ name: 'AMD EPYC', manufacturer: 'AMD', cores: 2, threads: 2, speedMhz: null }]);
    expect(snapshot.memories).toEqual([]);
    expect(snapshot.storages).toEqual([
      { name: 'vda', model: null, manufacturer: 'Red Hat, Inc.', serial: 'overlayblk', sizeMb: 274877, type: 'disk' },
    ]);
    expect(snapshot.monitors).toEqual([]);
  });

  it('aggregates the 7 NETWORKS elements into 4 interfaces; eth0 02:fc:00:00:00:01 is the only non-virtual one', () => {
    expect(snapshot.networks.map((n) => n.name)).toEqual(['lo', 'ifb0', 'ifb1', 'eth0']);
    const eth0 = snapshot.networks.find((n) => n.mac === '02:fc:00:00:00:01');
    expect(eth0).toEqual({
      name: 'eth0',
      mac: '02:fc:00:00:00:01',
      ipv4: ['192.0.2.2'],
      ipv6: ['fd00::2', 'fe80::fc:ff:fe00:1'],
      virtual: false,
      up: true,
      type: 'ethernet',
    });
    expect(snapshot.networks.filter((n) => !n.virtual).map((n) => n.mac)).toEqual(['02:fc:00:00:00:01']);
    expect(snapshot.networks.find((n) => n.name === 'ifb0')).toMatchObject({ mac: 'ce:68:7d:1e:47:cb', virtual: true, up: false });
    expect(snapshot.networks.find((n) => n.name === 'lo')).toMatchObject({ ipv4: ['127.0.0.1'], ipv6: ['::1'], virtual: true });
  });

  it('reads all 828 packages', () => {
    expect(snapshot.software).toHaveLength(828);
    expect(snapshot.software[0]).toEqual({ name: 'adduser', version: '3.134', publisher: 'Debian', installDate: null, arch: 'all', origin: 'deb' });
    expect(snapshot.software.find((s) => s.name === 'zstd')).toEqual({
      name: 'zstd',
      version: '1.5.4+dfsg2-5',
      publisher: 'Debian',
      installDate: null,
      arch: 'amd64',
      origin: 'deb',
    });
    // dpkg keeps no install date; FusionInventory sends none.
    expect(snapshot.software.every((s) => s.installDate === null)).toBe(true);
  });
});

describe('parseAgentXml on the real OCS unix agent 2.10 inventory (ocs-stdout.xml)', () => {
  const result = parseAgentXml(fixture('ocs-stdout.xml'), limits, { source: 'ocs' });
  const snapshot = result.snapshot!;

  it('reads the identity; VMSYSTEM "Physical" is no virtualization; OCS sends no VERSIONCLIENT nor ACCESSLOG', () => {
    expect(result.deviceId).toBe('vm-2026-11-28-10-23-42');
    expect(snapshot.source).toBe('ocs');
    expect(snapshot.agent).toBeNull();
    expect(snapshot.collectedAt).toBeNull();
    expect(snapshot.identity).toEqual({
      serial: null,
      uuid: null,
      hostname: 'vm',
      fqdn: null,
      manufacturer: null,
      model: null,
      agentDeviceId: 'vm-2026-11-28-10-23-42',
      virtualization: null,
    });
  });

  it('takes the agent name from the User-Agent when given', () => {
    const withAgent = parseAgentXml(fixture('ocs-stdout.xml'), limits, { source: 'ocs', userAgent: 'OCS-NG_unified_unix_agent_v2.10.0' });
    expect(withAgent.snapshot?.agent).toBe('OCS-NG_unified_unix_agent_v2.10.0');
  });

  it('derives the OS from HARDWARE (no OPERATINGSYSTEM section)', () => {
    expect(snapshot.hardware).toEqual({ memoryMb: 24105, chassis: null, ipAddresses: ['192.0.2.2'], lastLoggedUser: null });
    expect(snapshot.operatingSystem).toEqual({
      name: 'Debian GNU/Linux',
      version: '12',
      fullName: 'Debian GNU/Linux 12 (bookworm)',
      kernelName: null,
      kernelVersion: null,
      arch: 'x86_64',
    });
  });

  it('reads OCS CPU names (TYPE), CORES, THREADS and float DISKSIZE', () => {
    expect(snapshot.cpus).toEqual([{ name: 'AMD EPYC', manufacturer: 'AMD', cores: 2, threads: 2, speedMhz: null }]);
    expect(snapshot.storages).toEqual([
      { name: 'vda', model: null, manufacturer: null, serial: null, sizeMb: 274878, type: 'disk' },
      { name: 'zram0', model: null, manufacturer: null, serial: null, sizeMb: null, type: 'disk' },
    ]);
  });

  it('puts an IPv6 address sent in IPADDRESS under ipv6; without VIRTUALDEV the ifb interfaces look physical', () => {
    expect(snapshot.networks).toEqual([
      { name: 'ifb0', mac: 'ce:68:7d:1e:47:cb', ipv4: [], ipv6: [], virtual: false, up: false, type: 'ether' },
      { name: 'ifb1', mac: '46:9e:35:fe:f8:d9', ipv4: [], ipv6: [], virtual: false, up: false, type: 'ether' },
      { name: 'eth0', mac: '02:fc:00:00:00:01', ipv4: ['192.0.2.2'], ipv6: ['fe80::fc:ff:fe00:1'], virtual: false, up: true, type: 'ethernet' },
    ]);
  });

  it('reads 828 packages with OCS install dates, ARCHITECTURE and multi-arch names', () => {
    expect(snapshot.software).toHaveLength(828);
    expect(snapshot.software[0]).toEqual({ name: 'adduser', version: '3.134', publisher: null, installDate: '2025-04-20', arch: 'all', origin: 'deb' });
    expect(snapshot.software.find((s) => s.name === 'zlib1g-dev')).toEqual({
      name: 'zlib1g-dev',
      version: '1:1.2.13.dfsg-1',
      publisher: 'http://zlib.net/',
      installDate: '2025-05-24',
      arch: 'amd64',
      origin: 'deb',
    });
    expect(snapshot.software.filter((s) => s.name.includes(':'))).toEqual([]);
    expect(snapshot.software.every((s) => s.installDate !== null && /^\d{4}-\d{2}-\d{2}$/.test(s.installDate))).toBe(true);
  });

  it('names the same packages as FusionInventory on the same host', () => {
    const fi = parseAgentXml(fixture('fi-inventory.xml'), limits, { source: 'fusioninventory' }).snapshot!;
    const key = (s: InventorySnapshot): string[] => s.software.map((p) => `${p.name} ${p.version} ${p.arch}`).sort();
    expect(key(snapshot)).toEqual(key(fi));
  });
});

describe('parseAgentXml: protocol', () => {
  it('reads a FusionInventory PROLOG with its token and an OCS one without', () => {
    const fi = '<?xml version="1.0" encoding="UTF-8" ?><REQUEST><DEVICEID>vm-2026-11-28-10-22-24</DEVICEID><QUERY>PROLOG</QUERY><TOKEN>12345678</TOKEN></REQUEST>';
    expect(parseAgentXml(fi, limits, { source: 'fusioninventory' })).toEqual({ query: 'PROLOG', deviceId: 'vm-2026-11-28-10-22-24', token: '12345678' });
    const ocs = '<?xml version="1.0" encoding="UTF-8" ?><REQUEST><DEVICEID>vm-1</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>';
    expect(parseAgentXml(ocs, limits, { source: 'ocs' })).toEqual({ query: 'PROLOG', deviceId: 'vm-1' });
  });

  it('keeps other queries as sent', () => {
    const xml = '<REQUEST><DEVICEID>d</DEVICEID><QUERY>snmpquery</QUERY></REQUEST>';
    expect(parseAgentXml(xml, limits, { source: 'ocs' })).toEqual({ query: 'SNMPQUERY', deviceId: 'd' });
  });

  it.each([
    ['another root', '<REPLY><RESPONSE>SEND</RESPONSE></REPLY>', 'REQUEST'],
    ['no QUERY', '<REQUEST><DEVICEID>d</DEVICEID></REQUEST>', 'REQUEST.QUERY'],
    ['an INVENTORY without CONTENT', '<REQUEST><DEVICEID>d</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>', 'REQUEST.CONTENT'],
    ['a QUERY that is not text', '<REQUEST><QUERY><X/></QUERY></REQUEST>', 'REQUEST.QUERY'],
  ])('refuses %s with INVENTORY_SCHEMA_INVALID (422)', (_what, xml, field) => {
    const err = failure(() => parseAgentXml(xml, limits, { source: 'ocs' }));
    expect([err.code, err.status, err.errors[0]?.field]).toEqual(['INVENTORY_SCHEMA_INVALID', 422, field]);
  });

  it('propagates XML safety errors', () => {
    expect(failure(() => parseAgentXml('<!DOCTYPE REQUEST [<!ENTITY a "b">]><REQUEST/>', limits, { source: 'ocs' })).code).toBe(
      'INVENTORY_DTD_NOT_ALLOWED',
    );
    expect(failure(() => parseAgentXml('<REQUEST><QUERY>INVENTORY</QUERY>', limits, { source: 'ocs' })).code).toBe('INVENTORY_MALFORMED');
  });
});

describe('parseAgentXml: content mapping', () => {
  it('prefers SSN, then MSN; system, then motherboard, then BIOS manufacturer', () => {
    const full = snapshotOf(
      '<BIOS><SSN>S1</SSN><MSN>M1</MSN><SMANUFACTURER>Dell Inc.</SMANUFACTURER><SMODEL>Latitude 7440</SMODEL><MMANUFACTURER>Board</MMANUFACTURER><MMODEL>0ABC</MMODEL></BIOS>' +
        '<HARDWARE><UUID>4C4C4544-0042-3510-8051-B7C04F4E3233</UUID><VMSYSTEM>Physical</VMSYSTEM><CHASSIS_TYPE>Notebook</CHASSIS_TYPE></HARDWARE>',
    );
    expect(full.identity).toMatchObject({ serial: 'S1', uuid: '4C4C4544-0042-3510-8051-B7C04F4E3233', manufacturer: 'Dell Inc.', model: 'Latitude 7440', virtualization: null });
    expect(full.hardware.chassis).toBe('Notebook');
    const fallback = snapshotOf('<BIOS><SSN></SSN><MSN>M1</MSN><MMANUFACTURER>Board</MMANUFACTURER><MMODEL>0ABC</MMODEL></BIOS>');
    expect(fallback.identity).toMatchObject({ serial: 'M1', manufacturer: 'Board', model: '0ABC' });
    expect(snapshotOf('<BIOS><BMANUFACTURER>American Megatrends</BMANUFACTURER></BIOS>').identity.manufacturer).toBe('American Megatrends');
    expect(snapshotOf('<HARDWARE><VMSYSTEM>VMware</VMSYSTEM></HARDWARE>').identity.virtualization).toBe('VMware');
  });

  it('reads memories, monitors and CPU speed', () => {
    const snapshot = snapshotOf(
      '<MEMORIES><CAPACITY>8192</CAPACITY><TYPE>DDR4</TYPE><SPEED>3200 MT/s</SPEED><SERIALNUMBER>1A2B</SERIALNUMBER><CAPTION>DIMM 0</CAPTION></MEMORIES>' +
        '<MEMORIES><CAPACITY>No</CAPACITY><CAPTION>DIMM 1</CAPTION></MEMORIES>' +
        '<MONITORS><CAPTION>DELL U2720Q</CAPTION><MANUFACTURER>Dell</MANUFACTURER><SERIAL>CN0ABC</SERIAL></MONITORS>' +
        '<CPUS><NAME>Intel Core i7</NAME><SPEED>2800</SPEED><CORE>4</CORE><THREAD>8</THREAD></CPUS>',
    );
    expect(snapshot.memories).toEqual([
      { capacityMb: 8192, type: 'DDR4', speedMhz: 3200, serial: '1A2B', slot: 'DIMM 0' },
      { capacityMb: null, type: null, speedMhz: null, serial: null, slot: 'DIMM 1' },
    ]);
    expect(snapshot.monitors).toEqual([{ name: 'DELL U2720Q', manufacturer: 'Dell', serial: 'CN0ABC' }]);
    expect(snapshot.cpus).toEqual([{ name: 'Intel Core i7', manufacturer: null, cores: 4, threads: 8, speedMhz: 2800 }]);
  });

  it('normalises install dates and skips nameless software without failing', () => {
    const snapshot = snapshotOf(
      '<SOFTWARES><NAME>a</NAME><INSTALLDATE>2025/04/20 00:00:00</INSTALLDATE></SOFTWARES>' +
        '<SOFTWARES><NAME>b</NAME><INSTALLDATE>20/04/2025</INSTALLDATE></SOFTWARES>' +
        '<SOFTWARES><NAME>c</NAME><INSTALLDATE>1970-00-01</INSTALLDATE></SOFTWARES>' +
        '<SOFTWARES><VERSION>1.0</VERSION></SOFTWARES>' +
        '<SOFTWARES><NAME></NAME></SOFTWARES>' +
        '<SOFTWARES><NAME><X>nested</X></NAME></SOFTWARES>' +
        '<SOFTWARES>just text</SOFTWARES>',
    );
    expect(snapshot.software.map((s) => [s.name, s.installDate])).toEqual([
      ['a', '2025-04-20'],
      ['b', '2025-04-20'],
      ['c', null],
    ]);
  });

  it('treats elements where text is expected as missing (no crash)', () => {
    const snapshot = snapshotOf(
      '<HARDWARE><NAME><A>1</A><B>2</B></NAME><MEMORY><X/></MEMORY><IPADDR><Y/></IPADDR></HARDWARE>' +
        '<BIOS><SSN><Z/></SSN></BIOS><NETWORKS><DESCRIPTION><D/></DESCRIPTION></NETWORKS><VERSIONCLIENT><V/></VERSIONCLIENT>' +
        '<OPERATINGSYSTEM>text only</OPERATINGSYSTEM><CPUS/><STORAGES><DISKSIZE>big</DISKSIZE></STORAGES>',
    );
    expect(snapshot.identity.hostname).toBeNull();
    expect(snapshot.identity.serial).toBeNull();
    expect(snapshot.hardware.memoryMb).toBeNull();
    expect(snapshot.hardware.ipAddresses).toEqual([]);
    expect(snapshot.networks).toEqual([]);
    expect(snapshot.agent).toBeNull();
    expect(snapshot.operatingSystem).toEqual({ name: null, version: null, fullName: null, kernelName: null, kernelVersion: null, arch: null });
    expect(snapshot.cpus).toEqual([{ name: null, manufacturer: null, cores: null, threads: null, speedMhz: null }]);
    expect(snapshot.storages[0]?.sizeMb).toBeNull();
  });

  it('excludes loopback from HARDWARE/IPADDR', () => {
    expect(snapshotOf('<HARDWARE><IPADDR>127.0.0.1/10.1.2.3/::1/fd00::5</IPADDR></HARDWARE>').hardware.ipAddresses).toEqual(['10.1.2.3', 'fd00::5']);
  });

  it('does not carry ENVS, PROCESSES or users over', () => {
    const snapshot = snapshotOf(
      '<HARDWARE><NAME>h</NAME></HARDWARE><ENVS><KEY>AWS_SECRET_ACCESS_KEY</KEY><VAL>s3cr3t-env</VAL></ENVS>' +
        '<PROCESSES><CMD>mysql -p s3cr3t-cmd</CMD><PID>1</PID></PROCESSES><LOCAL_USERS><LOGIN>alice-user</LOGIN></LOCAL_USERS>',
    );
    const json = JSON.stringify(snapshot);
    expect(json).not.toContain('s3cr3t');
    expect(json).not.toContain('AWS_SECRET');
    expect(json).not.toContain('alice-user');
  });

  it('stores SQL and script payloads literally (AG-03 / AG-04)', () => {
    const sqli = `x' OR SLEEP(5)-- `;
    const snapshot = snapshotOf(
      `<HARDWARE><NAME>${sqli}</NAME><LASTLOGGEDUSER>&lt;img src=x onerror=alert(1)&gt;</LASTLOGGEDUSER></HARDWARE>` +
        `<BIOS><SSN>${sqli}\u0000</SSN></BIOS>` +
        '<SOFTWARES><NAME>&lt;script&gt;alert(1)&lt;/script&gt;</NAME><PUBLISHER>"; DROP TABLE assets; --</PUBLISHER></SOFTWARES>',
    );
    expect(snapshot.identity.hostname).toBe(`x' OR SLEEP(5)--`);
    expect(snapshot.identity.serial).toBe(`x' OR SLEEP(5)--`);
    expect(snapshot.hardware.lastLoggedUser).toBe('<img src=x onerror=alert(1)>');
    expect(snapshot.software[0]).toMatchObject({ name: '<script>alert(1)</script>', publisher: '"; DROP TABLE assets; --' });
  });
});

describe('agentSourceOf', () => {
  it.each([
    ['FusionInventory-Agent_v2.6-3', 'fusioninventory'],
    ['OCS-NG_unified_unix_agent_v2.10.0', 'ocs'],
    ['OCS-NG_windows_client_v2.9', 'ocs'],
    ['GLPI-Agent_v1.11', 'glpi-agent'],
    ['curl/8.0', null],
    [undefined, null],
  ])('%s → %s', (userAgent, source) => {
    expect(agentSourceOf(userAgent)).toBe(source);
  });
});
