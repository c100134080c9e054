import { readFileSync } from 'node:fs';
import { INVENTORY_SECTIONS } from '@custodia/domain';
import { describe, expect, it } from 'vitest';
import { MAX_SCHEMA_ERRORS, parseGlpiJson } from './glpi-json.js';
import { GLPI_INVENTORY_SCHEMA } from './glpi-inventory-schema.js';
import { DEFAULT_INVENTORY_LIMITS, inventoryLimits } from './limits.js';
import { parseAgentXml } from './ocs-xml.js';
import { childNamed, parseXml, type XmlElement } from './safe-xml.js';
import { failure } from '../../test-fixtures/inventories/support.js';

const limits = DEFAULT_INVENTORY_LIMITS;
const fixture = (name: string): string => readFileSync(new URL(`../../test-fixtures/inventories/${name}`, import.meta.url), 'utf8');


const SINGLE_SECTIONS = new Set(['ACCESSLOG', 'BIOS', 'HARDWARE', 'OPERATINGSYSTEM', 'VERSIONPROVIDER']);
const RENAMED: Record<string, string> = { 'NETWORKS/MACADDR': 'mac', 'STORAGES/SERIALNUMBER': 'serial', 'SOFTWARES/INSTALLDATE': 'install_date', 'LOCAL_GROUPS/MEMBER': 'members' };
/** Repeated XML fields that are arrays in JSON. */
const LISTS = new Set(['LOCAL_GROUPS/MEMBER', 'VERSIONPROVIDER/COMMENTS']);
/** HARDWARE fields the GLPI converter drops. */
const DROPPED = new Set(['HARDWARE/IPADDR', 'HARDWARE/OSNAME', 'HARDWARE/OSVERSION', 'HARDWARE/OSCOMMENTS', 'HARDWARE/CHECKSUM', 'HARDWARE/PROCESSORN', 'HARDWARE/PROCESSORT']);

/**
 * The GLPI JSON an agent sends for the same content (as glpi-project/inventory_format's converter does it): lower-case
 * keys, a few renames, single sections as objects. Numbers stay strings, as Perl agents often send them: the
 * schema validation must coerce them.
 */
function glpiContentFromXml(content: XmlElement): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const section of content.children) {
    if (section.name === 'VERSIONCLIENT') {
      out['versionclient'] = section.text;
      continue;
    }
    const key = section.name === 'FIREWALL' ? 'firewalls' : section.name.toLowerCase();
    const value = fieldsOf(section, section.name);
    if (SINGLE_SECTIONS.has(section.name)) out[key] = value;
    else ((out[key] ??= []) as unknown[]).push(value);
  }
  return out;
}

function fieldsOf(element: XmlElement, section: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of element.children) {
    const path = `${section}/${field.name}`;
    if (DROPPED.has(path) || (field.text === '' && field.children.length === 0)) continue;
    const key = RENAMED[path] ?? field.name.toLowerCase();
    let value: unknown = field.children.length > 0 ? fieldsOf(field, field.name) : field.text;
    if (path === 'NETWORKS/VIRTUALDEV') value = field.text === '1';
    if (path === 'NETWORKS/STATUS') value = field.text.toLowerCase();
    if (LISTS.has(path)) value = [...((out[key] as unknown[] | undefined) ?? []), field.text];
    out[key] = value;
  }
  return out;
}

const fiRoot = parseXml(fixture('fi-inventory.xml'), limits);
const fiContent = (): Record<string, unknown> => glpiContentFromXml(childNamed(fiRoot, 'CONTENT')!);
const inventory = (content: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ action: 'inventory', deviceid: 'vm-2026-11-28-10-31-08', itemtype: 'Computer', content, ...extra });

describe('the bundled GLPI inventory schema', () => {
  it('equals the copy of inventory.schema.json in the fixtures', () => {
    expect(GLPI_INVENTORY_SCHEMA).toEqual(JSON.parse(fixture('glpi_inventory.schema.json')));
  });
});

describe('parseGlpiJson: inventory', () => {
  it('maps a full inventory built from the FusionInventory content like the XML one', () => {
    const message = parseGlpiJson(inventory(fiContent()), limits);
    const fromXml = parseAgentXml(fixture('fi-inventory.xml'), limits, { source: 'fusioninventory' }).snapshot!;
    expect(message.action).toBe('inventory');
    expect(message.deviceId).toBe('vm-2026-11-28-10-31-08');
    expect(message.itemtype).toBe('Computer');
    const snapshot = message.snapshot!;
    expect(snapshot.source).toBe('glpi-agent');
    expect(snapshot.partial).toBe(false);
    expect(snapshot.sections).toEqual([...INVENTORY_SECTIONS]);
    expect(snapshot.identity).toEqual({ ...fromXml.identity, agentDeviceId: 'vm-2026-11-28-10-31-08' });
    expect(snapshot.agent).toBe('FusionInventory-Inventory_v2.6-3');
    expect(snapshot.collectedAt).toBe('2026-11-28T10:31:03+00:00');
    expect(snapshot.operatingSystem).toEqual(fromXml.operatingSystem);
    expect(snapshot.cpus).toEqual(fromXml.cpus);
    expect(snapshot.storages).toEqual(fromXml.storages); // storages[].serial
    expect(snapshot.networks).toEqual(fromXml.networks); // networks[].mac, virtualdev as a boolean, status in lower case
    expect(snapshot.software).toEqual(fromXml.software);
    expect(snapshot.software).toHaveLength(828);
    // GLPI JSON has no hardware.ipaddr: the host addresses come from the interfaces, loopback excluded.
    expect(snapshot.hardware).toEqual({ memoryMb: 24105, chassis: null, ipAddresses: ['192.0.2.2', 'fd00::2', 'fe80::fc:ff:fe00:1'], lastLoggedUser: 'wtmp' });
  });

  it('coerces numbers sent as strings, as GLPI does (memory "24105" → 24105)', () => {
    const content = fiContent();
    expect((content['hardware'] as Record<string, unknown>)['memory']).toBe('24105');
    expect(parseGlpiJson(inventory(content), limits).snapshot?.hardware.memoryMb).toBe(24105);
  });

  it('reads GLPI-only spellings: storages[].serial, softwares[].install_date, networks[].mac, bios.ssn, hardware.uuid', () => {
    const snapshot = parseGlpiJson(
      inventory({
        versionclient: 'GLPI-Agent_v1.11',
        bios: { ssn: 'SN-1', smanufacturer: 'Lenovo', smodel: 'ThinkPad T14' },
        hardware: { uuid: '0055ADC9-1D3A-E411-8043-B05D95113232', name: 'pc-1', memory: 16384, vmsystem: 'Physical' },
        storages: [{ name: 'nvme0n1', serial: 'S4EMNX0R', disksize: 476940 }],
        networks: [{ description: 'eth0', mac: 'AA:BB:CC:DD:EE:FF', ipaddress: '10.0.0.5', status: 'up', virtualdev: false }],
        softwares: [{ name: 'Firefox', version: '128.0', publisher: 'Mozilla', install_date: '2024-07-09', arch: 'x86_64', from: 'registry' }],
        operatingsystem: { name: 'Windows', version: '11', full_name: 'Microsoft Windows 11 Pro', fqdn: 'pc-1.corp.example', timezone: { name: 'CET', offset: '+0100' } },
        accesslog: { logdate: '2025-01-02 03:04:05' },
      }),
      limits,
    ).snapshot!;
    expect(snapshot.identity).toMatchObject({ serial: 'SN-1', uuid: '0055ADC9-1D3A-E411-8043-B05D95113232', hostname: 'pc-1', fqdn: 'pc-1.corp.example', manufacturer: 'Lenovo', model: 'ThinkPad T14', virtualization: null });
    expect(snapshot.storages[0]).toMatchObject({ serial: 'S4EMNX0R', sizeMb: 476940 });
    expect(snapshot.networks).toEqual([{ name: 'eth0', mac: 'aa:bb:cc:dd:ee:ff', ipv4: ['10.0.0.5'], ipv6: [], virtual: false, up: true, type: null }]);
    expect(snapshot.software).toEqual([{ name: 'Firefox', version: '128.0', publisher: 'Mozilla', installDate: '2024-07-09', arch: 'x86_64', origin: 'registry' }]);
    expect(snapshot.collectedAt).toBe('2025-01-02T03:04:05+01:00');
    expect(snapshot.agent).toBe('GLPI-Agent_v1.11');
  });

  it('gives a partial snapshot with only the sections present', () => {
    const softwareOnly = parseGlpiJson(
      inventory({ versionclient: 'GLPI-Agent_v1.11', softwares: [{ name: 'vim', version: '9.0' }] }, { partial: true }),
      limits,
    ).snapshot!;
    expect(softwareOnly.partial).toBe(true);
    expect(softwareOnly.sections).toEqual(['software']);
    expect(softwareOnly.software).toEqual([{ name: 'vim', version: '9.0', publisher: null, installDate: null, arch: null, origin: null }]);
    const hardwareAndCpus = parseGlpiJson(
      inventory({ versionclient: 'GLPI-Agent_v1.11', bios: { ssn: 'X' }, cpus: [{ name: 'c', core: 4 }], networks: [] }, { partial: true }),
      limits,
    ).snapshot!;
    // BIOS values are identity, not a hardware section (which would pass for memory and addresses reported empty).
    expect(hardwareAndCpus.sections).toEqual(['cpus', 'networks']);
    expect(hardwareAndCpus.identity.serial).toBe('X');
    expect(hardwareAndCpus.networks).toEqual([]);
    expect(parseGlpiJson(inventory({ versionclient: 'v' }, { partial: false }), limits).snapshot?.sections).toEqual([...INVENTORY_SECTIONS]);
  });

  it('refuses a software entry without a name, as GLPI does (the schema requires it)', () => {
    const err = failure(() => parseGlpiJson(inventory({ versionclient: 'v', softwares: [{ version: '1' }] }), limits));
    expect(err.errors).toEqual([{ field: 'content.softwares[0].name', code: 'required', message: "must have required property 'name'" }]);
  });

  it.each([
    ['an object where a string is expected', { hardware: { name: { $gt: '' } } }, 'content.hardware.name', 'type'],
    ['an array where a string is expected', { softwares: [{ name: ['a', 'b'] }] }, 'content.softwares[0].name', 'type'],
    ['an object for a whole section', { softwares: { name: 'x' } }, 'content.softwares', 'type'],
    ['a non-number for an integer', { hardware: { memory: 'lots' } }, 'content.hardware.memory', 'type'],
    ['a bad IPv4 address', { networks: [{ description: 'eth0', ipaddress: '999.1.1.1' }] }, 'content.networks[0].ipaddress', 'format'],
    ['a bad date', { softwares: [{ name: 'a', install_date: '2025/04/20' }] }, 'content.softwares[0].install_date', 'pattern'],
  ])('refuses %s with INVENTORY_SCHEMA_INVALID (422, AG-03)', (_what, content, field, code) => {
    const err = failure(() => parseGlpiJson(inventory({ versionclient: 'v', ...content }), limits));
    expect([err.code, err.status]).toEqual(['INVENTORY_SCHEMA_INVALID', 422]);
    expect(err.errors).toContainEqual(expect.objectContaining({ field, code }));
  });

  it('refuses a missing versionclient, missing content and unknown top-level keys', () => {
    expect(failure(() => parseGlpiJson(inventory({ hardware: {} }), limits)).errors).toContainEqual(
      expect.objectContaining({ field: 'content.versionclient', code: 'required' }),
    );
    expect(failure(() => parseGlpiJson(JSON.stringify({ action: 'inventory', deviceid: 'd' }), limits)).errors).toContainEqual(
      expect.objectContaining({ field: 'content', code: 'required' }),
    );
    expect(failure(() => parseGlpiJson(inventory({ versionclient: 'v' }, { evil: 1 }), limits)).errors).toContainEqual(
      expect.objectContaining({ field: 'evil', code: 'additionalProperties' }),
    );
  });

  it(`reports at most ${MAX_SCHEMA_ERRORS} errors`, () => {
    const softwares = Array.from({ length: 100 }, () => ({ name: {} }));
    const err = failure(() => parseGlpiJson(inventory({ versionclient: 'v', softwares }), limits));
    expect(err.errors).toHaveLength(MAX_SCHEMA_ERRORS);
  });

  it('stores SQL and script payloads literally and strips NUL (AG-03 / AG-04)', () => {
    const snapshot = parseGlpiJson(
      inventory({
        versionclient: 'v',
        hardware: { name: `x' OR SLEEP(5)-- \u0000` },
        softwares: [{ name: '<script>alert(1)</script>', publisher: `Robert'); DROP TABLE software;--` }],
      }),
      limits,
    ).snapshot!;
    expect(snapshot.identity.hostname).toBe(`x' OR SLEEP(5)--`);
    expect(snapshot.software[0]).toMatchObject({ name: '<script>alert(1)</script>', publisher: `Robert'); DROP TABLE software;--` });
  });

  it('does not carry envs or processes over', () => {
    const json = JSON.stringify(
      parseGlpiJson(inventory({ versionclient: 'v', envs: [{ key: 'TOKEN', val: 's3cr3t' }], processes: [{ cmd: 'x --password s3cr3t', pid: 1, user: 'root' }] }), limits),
    );
    expect(json).not.toContain('s3cr3t');
  });

  it('does not let __proto__ keys reach the snapshot or Object.prototype', () => {
    const text = `{"action":"inventory","deviceid":"d","content":{"versionclient":"v","__proto__":{"polluted":"yes"},"hardware":{"__proto__":{"name":"evil"}}}}`;
    const snapshot = parseGlpiJson(text, limits).snapshot!;
    expect(snapshot.identity.hostname).toBeNull();
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('parseGlpiJson: other messages and safety', () => {
  it('reads a contact message', () => {
    const contact = JSON.stringify({ action: 'contact', deviceid: 'vm-1', name: 'GLPI-Agent', version: '1.11', 'installed-tasks': ['inventory', 'netdiscovery'], 'enabled-tasks': ['inventory'] });
    expect(parseGlpiJson(contact, limits)).toEqual({
      action: 'contact',
      deviceId: 'vm-1',
      contact: { enabledTasks: ['inventory'], installedTasks: ['inventory', 'netdiscovery'] },
    });
    expect(failure(() => parseGlpiJson(JSON.stringify({ action: 'contact', deviceid: 'vm-1', 'enabled-tasks': [{}] }), limits)).code).toBe(
      'INVENTORY_SCHEMA_INVALID',
    );
  });

  it('returns other actions without a snapshot', () => {
    expect(parseGlpiJson(JSON.stringify({ action: 'register', deviceid: 'd' }), limits)).toEqual({ action: 'register', deviceId: 'd' });
  });

  it.each([
    ['not an object', '[1,2]'],
    ['no deviceid', '{"action":"contact"}'],
    ['a deviceid that is not a string', '{"action":"contact","deviceid":{"a":1}}'],
    ['an action that is not a string', '{"action":["inventory"],"deviceid":"d"}'],
  ])('refuses %s with 422', (_what, text) => {
    expect(failure(() => parseGlpiJson(text, limits)).code).toBe('INVENTORY_SCHEMA_INVALID');
  });

  it('refuses malformed JSON (400), deep nesting and too many values (400), and oversized documents (413)', () => {
    expect(failure(() => parseGlpiJson('{"action":', limits)).code).toBe('INVENTORY_MALFORMED');
    expect(failure(() => parseGlpiJson('['.repeat(10_000) + ']'.repeat(10_000), limits)).code).toBe('INVENTORY_TOO_COMPLEX');
    const small = inventoryLimits({ maxElements: 50, maxDecompressedBytes: 2000, maxStringLength: 100 });
    expect(failure(() => parseGlpiJson(JSON.stringify(Array.from({ length: 60 }, () => 1)), small)).code).toBe('INVENTORY_TOO_COMPLEX');
    expect(failure(() => parseGlpiJson(JSON.stringify({ deviceid: 'x'.repeat(101) }), small)).code).toBe('INVENTORY_TOO_COMPLEX');
    expect(failure(() => parseGlpiJson(' '.repeat(2001), small)).code).toBe('PAYLOAD_TOO_LARGE');
  });
});
