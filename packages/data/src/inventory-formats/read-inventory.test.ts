import { readFileSync } from 'node:fs';
import { deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INVENTORY_LIMITS as limits, inventoryLimits } from './limits.js';
import { readInventoryDocument } from './read-inventory.js';
import { failure } from '../../test-fixtures/inventories/support.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../test-fixtures/inventories/${name}`, import.meta.url));


describe('readInventoryDocument', () => {
  it('reads agent XML, plain or compressed, as an uploaded inventory file', () => {
    for (const bytes of [fixture('fi-inventory.xml'), deflateSync(fixture('fi-inventory.xml')), gzipSync(fixture('fi-inventory.xml'))]) {
      const document = readInventoryDocument(bytes, { limits });
      expect(document.kind).toBe('agent-xml');
      expect(document.deviceId).toBe('vm-2026-11-28-10-31-02');
      expect(document.snapshots).toHaveLength(1);
      expect(document.snapshots[0]?.source).toBe('inventory-file');
      expect(document.snapshots[0]?.software).toHaveLength(828);
    }
    const ocs = readInventoryDocument(fixture('ocs-stdout.xml'), { source: 'ocs', limits });
    expect(ocs.snapshots[0]?.source).toBe('ocs');
  });

  it('reads a GLPI JSON inventory', () => {
    const json = JSON.stringify({ action: 'inventory', deviceid: 'vm-1', itemtype: 'Computer', content: { versionclient: 'GLPI-Agent_v1.11', hardware: { name: 'vm' } } });
    const document = readInventoryDocument(gzipSync(json), { limits });
    expect(document.kind).toBe('glpi-json');
    expect(document.deviceId).toBe('vm-1');
    expect(document.snapshots[0]?.identity.hostname).toBe('vm');
  });

  it('reads CycloneDX (JSON and XML) and SPDX SBOMs', () => {
    expect((readInventoryDocument(fixture('bom-examples-sbom-cern-vdm-editor.json'), { limits })).kind).toBe('cyclonedx');
    expect((readInventoryDocument(fixture('spec-test-valid-component-swid-full-1.6.xml'), { limits })).kind).toBe('cyclonedx');
    const spdx = readInventoryDocument(fixture('spdx-examples-ACME-v2.3.spdx.json'), { limits });
    expect(spdx.kind).toBe('spdx');
    expect(spdx.snapshots[0]?.source).toBe('sbom');
    expect((readInventoryDocument(Buffer.from('SPDXVersion: SPDX-2.3\nDocumentName: x\nPackageName: a\n'), { limits })).kind).toBe('spdx');
  });

  it('reads a CSV feed, in UTF-8 or Windows-1252', () => {
    const document = readInventoryDocument(Buffer.from('hostname,serial\npc-1,SN1\npc-2,SN2\n'), { fileName: 'feed.csv', limits });
    expect(document.kind).toBe('csv-feed');
    expect(document.snapshots.map((s) => s.identity.hostname)).toEqual(['pc-1', 'pc-2']);
    const latin = readInventoryDocument(Buffer.from('hostname,model\nposte-comptabilité,Précision\n', 'latin1'), { limits });
    expect(latin.snapshots[0]?.identity).toMatchObject({ hostname: 'poste-comptabilité', model: 'Précision' });
  });

  it('refuses what is not an inventory with INVENTORY_UNRECOGNISED (415)', () => {
    const cases = [
      Buffer.from('<?xml version="1.0"?><REQUEST><DEVICEID>d</DEVICEID><QUERY>PROLOG</QUERY></REQUEST>'),
      Buffer.from('{"action":"contact","deviceid":"d"}'),
      Buffer.from('{"hello":"world"}'),
      Buffer.from('<html><body>hi</body></html>'),
      Buffer.from('%PDF-1.7\n%âãÏÓ'),
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0]),
    ];
    for (const bytes of cases) {
      const err = failure(() => readInventoryDocument(bytes, { limits }));
      expect([err.code, err.status]).toEqual(['INVENTORY_UNRECOGNISED', 415]);
    }
  });

  it('refuses a DTD whatever the encoding or compression (AG-06)', () => {
    const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><REQUEST><QUERY>&xxe;</QUERY></REQUEST>';
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xxe, 'utf16le')]);
    const utf16NoBom = Buffer.from(xxe, 'utf16le');
    for (const bytes of [Buffer.from(xxe), deflateSync(xxe), gzipSync(xxe), utf16, utf16NoBom, deflateSync(utf16)]) {
      expect((failure(() => readInventoryDocument(bytes, { limits }))).code).toBe('INVENTORY_DTD_NOT_ALLOWED');
    }
  });

  it('applies the caps (AG-05)', () => {
    const small = inventoryLimits({ maxDecompressedBytes: 64 * 1024 });
    const err = failure(() => readInventoryDocument(deflateSync(fixture('fi-inventory.xml')), { limits: small }));
    expect([err.code, err.status]).toEqual(['PAYLOAD_TOO_LARGE', 413]);
    const truncated = gzipSync(fixture('fi-inventory.xml')).subarray(0, 5000);
    expect((failure(() => readInventoryDocument(truncated, { limits }))).code).toBe('INVENTORY_MALFORMED');
  });
});
