import type { InventorySnapshot } from '@custodia/domain';
import { describe, expect, it } from 'vitest';
import { parseCsvFeed, parseCsvFeedRows } from './csv-feed.js';
import { DEFAULT_INVENTORY_LIMITS, inventoryLimits } from './limits.js';
import { failure } from '../../test-fixtures/inventories/support.js';

const limits = DEFAULT_INVENTORY_LIMITS;


describe('parseCsvFeed', () => {
  it('reads one partial snapshot per device', () => {
    const csv = [
      'hostname,serial,uuid,mac,manufacturer,model,os,os_version,ip,memory_mb,last_seen',
      'pc-01,SN001,4C4C4544-0042-3510-8051-B7C04F4E3233,AA-BB-CC-DD-EE-01;02:fc:00:00:00:02,Dell Inc.,Latitude 7440,Windows 11 Pro,23H2,10.0.0.5 fd00::5,16384,2025-04-20T08:30:00Z',
      'srv-02,,,,,,,,,,2025-04-19',
    ].join('\n');
    const [pc, srv] = parseCsvFeed(csv, limits);
    expect(pc).toEqual<InventorySnapshot>({
      source: 'csv-feed',
      agent: null,
      collectedAt: '2025-04-20T08:30:00Z',
      partial: true,
      sections: ['hardware', 'operatingSystem', 'networks'],
      identity: {
        serial: 'SN001',
        uuid: '4C4C4544-0042-3510-8051-B7C04F4E3233',
        hostname: 'pc-01',
        fqdn: null,
        manufacturer: 'Dell Inc.',
        model: 'Latitude 7440',
        agentDeviceId: null,
        virtualization: null,
      },
      hardware: { memoryMb: 16384, chassis: null, ipAddresses: ['10.0.0.5', 'fd00::5'], lastLoggedUser: null },
      operatingSystem: { name: 'Windows 11 Pro', version: '23H2', fullName: null, kernelName: null, kernelVersion: null, arch: null },
      cpus: [],
      memories: [],
      storages: [],
      networks: [
        { name: 'aa:bb:cc:dd:ee:01', mac: 'aa:bb:cc:dd:ee:01', ipv4: [], ipv6: [], virtual: false, up: null, type: null },
        { name: '02:fc:00:00:00:02', mac: '02:fc:00:00:00:02', ipv4: [], ipv6: [], virtual: false, up: null, type: null },
      ],
      monitors: [],
      software: [],
    });
    expect(srv?.identity.hostname).toBe('srv-02');
    expect(srv?.operatingSystem).toBeNull();
    expect(srv?.networks).toEqual([]);
    expect(srv?.collectedAt).toBe('2025-04-19');
  });

  it('accepts header spellings, ";" and TAB delimiters, quotes and a BOM; sections follow the columns', () => {
    const semicolon = '\uFEFF"Host Name";"Serial Number";"MAC Address"\r\n"pc;1";SN1;"02:fc:00:00:00:01 02:fc:00:00:00:03"\r\n';
    const [row] = parseCsvFeed(semicolon, limits);
    expect(row?.identity).toMatchObject({ hostname: 'pc;1', serial: 'SN1' });
    expect(row?.networks.map((n) => n.mac)).toEqual(['02:fc:00:00:00:01', '02:fc:00:00:00:03']);
    expect(row?.sections).toEqual(['networks']);
    const [tab] = parseCsvFeed('HOSTNAME\tOS\nvm\tDebian\n', limits);
    expect(tab?.sections).toEqual(['operatingSystem']);
    // Hardware only with the columns that fill it: without them the known memory and addresses are kept.
    expect(parseCsvFeed('hostname,ip\nvm,10.0.0.1\n', limits)[0]?.sections).toEqual(['hardware']);
    expect(parseCsvFeed('hostname,memory_mb\nvm,2048\n', limits)[0]?.sections).toEqual(['hardware']);
  });

  it('stores values literally (AG-03)', () => {
    const [row] = parseCsvFeed(`hostname,model\n"x' OR SLEEP(5)-- ",<script>alert(1)</script>\n`, limits);
    expect(row?.identity).toMatchObject({ hostname: `x' OR SLEEP(5)--`, model: '<script>alert(1)</script>' });
  });

  it('lists every unknown header at once', () => {
    const err = failure(() => parseCsvFeed('hostname,colour,serial,owner\npc,red,1,bob\n', limits));
    expect([err.code, err.status]).toEqual(['INVENTORY_SCHEMA_INVALID', 422]);
    expect(err.message).toContain('"colour", "owner"');
    expect(err.errors.map((e) => [e.column, e.line, e.code])).toEqual([
      ['colour', 1, 'unknown_column'],
      ['owner', 1, 'unknown_column'],
    ]);
  });

  it('refuses duplicate columns, a feed without an identity column, and an empty feed', () => {
    expect((failure(() => parseCsvFeed('hostname,host\na,b\n', limits))).errors[0]?.code).toBe('duplicate_column');
    expect((failure(() => parseCsvFeed('os,model\nx,y\n', limits))).code).toBe('INVENTORY_SCHEMA_INVALID');
    expect((failure(() => parseCsvFeed('\n\n', limits))).code).toBe('INVENTORY_SCHEMA_INVALID');
  });

  it('reports row problems with their physical line numbers', () => {
    const csv = [
      'hostname,mac,ip,memory_mb,last_seen',
      'ok-1,02:fc:00:00:00:01,10.0.0.1,1024,2025-04-20 08:30:00',
      '"multi',
      'line",zz:zz,10.0.0.300,lots,yesterday',
      '',
      ',,,,',
      ',,10.0.0.9,,',
      'extra,,,,,surplus',
    ].join('\n');
    const err = failure(() => parseCsvFeed(csv, limits));
    expect(err.code).toBe('INVENTORY_SCHEMA_INVALID');
    expect(err.errors.map((e) => [e.line, e.column, e.code])).toEqual([
      [3, 'mac', 'invalid'],
      [3, 'ip', 'invalid'],
      [3, 'memory_mb', 'invalid'],
      [3, 'last_seen', 'invalid'],
      [7, 'row', 'no_identity'],
      [8, 'column 6', 'unknown_column'],
    ]);
    expect(err.message).toContain('line 3');
  });

  it('refuses more rows than maxCsvRows', () => {
    const csv = 'hostname\n' + Array.from({ length: 11 }, (_, i) => `h${i}`).join('\n');
    expect(parseCsvFeed(csv, inventoryLimits({ maxCsvRows: 11 }))).toHaveLength(11);
    const err = failure(() => parseCsvFeed(csv, inventoryLimits({ maxCsvRows: 10 })));
    expect(err.code).toBe('INVENTORY_TOO_COMPLEX');
    expect(err.message).toContain('line 12');
    // Rows of empty cells are not rows.
    expect(parseCsvFeed(`${csv}\n,\n,\n`.replace('hostname', 'hostname,serial'), inventoryLimits({ maxCsvRows: 11 }))).toHaveLength(11);
  });

  it('refuses an unclosed quote as INVENTORY_MALFORMED', () => {
    expect((failure(() => parseCsvFeed('hostname\n"open\n', limits))).code).toBe('INVENTORY_MALFORMED');
  });

  it('gives each row its physical line (blank lines and CRLF counted, multi-line values start where they start)', () => {
    const rows = parseCsvFeedRows('hostname,model\r\n\r\na,x\n"b","two\r\nlines"\n\n\nc,y', limits);
    expect(rows.map((r) => [r.line, r.snapshot.identity.hostname])).toEqual([
      [3, 'a'],
      [4, 'b'],
      [8, 'c'],
    ]);
    expect(rows[1]?.snapshot.identity.model).toBe('two\nlines');
  });
});
