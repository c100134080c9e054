import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INVENTORY_LIMITS } from './limits.js';
import { parsePurl, parseSbom } from './sbom.js';
import { failure } from '../../test-fixtures/inventories/support.js';

const limits = DEFAULT_INVENTORY_LIMITS;
const fixture = (name: string): string => readFileSync(new URL(`../../test-fixtures/inventories/${name}`, import.meta.url), 'utf8');


describe('parseSbom: CycloneDX', () => {
  it('reads the CERN vdm-editor SBOM (CycloneDX 1.2 JSON, 43 npm libraries)', () => {
    const { kind, snapshot } = parseSbom(fixture('bom-examples-sbom-cern-vdm-editor.json'), limits);
    expect(kind).toBe('cyclonedx');
    expect(snapshot.source).toBe('sbom');
    // Software only: merged into what agents reported of the host, never replacing its hardware.
    expect(snapshot.partial).toBe(true);
    expect(snapshot.sections).toEqual(['software']);
    expect(snapshot.identity.hostname).toBe('lhc-vdm-editor');
    expect(snapshot.agent).toBe('Node.js module 2.0.0');
    expect(snapshot.collectedAt).toBe('2020-08-03T01:28:52.765Z');
    expect(snapshot.software).toHaveLength(43);
    expect(snapshot.software[0]).toEqual({ name: 'puppeteer', version: '1.19.0', publisher: null, installDate: null, arch: null, origin: 'npm' });
    expect(snapshot.software.every((s) => s.origin === 'npm')).toBe(true);
    // The subject of the SBOM is its host, not one of its packages.
    expect(snapshot.software.map((s) => s.name)).not.toContain('lhc-vdm-editor');
  });

  it('reads CycloneDX 1.6 XML through the safe XML parser', () => {
    const { kind, snapshot } = parseSbom(fixture('spec-test-valid-component-swid-full-1.6.xml'), limits);
    expect(kind).toBe('cyclonedx');
    expect(snapshot.software).toEqual([{ name: 'Acme Application', version: '9.1.1', publisher: 'Acme Super Heros', installDate: null, arch: null, origin: null }]);
    expect(snapshot.identity.hostname).toBeNull();
  });

  it('flattens nested components, keeps software types only and takes the publisher from supplier, then author', () => {
    const bom = {
      bomFormat: 'CycloneDX',
      specVersion: '1.5',
      metadata: { timestamp: '2025-03-01T10:00:00Z', tools: { components: [{ name: 'syft', version: '1.4.0' }] }, component: { type: 'device', name: 'host-17' } },
      components: [
        {
          type: 'operating-system',
          name: 'debian',
          version: '12.5',
          supplier: { name: 'Debian' },
          components: [{ type: 'library', group: '@types', name: 'node', version: '20.1.0', author: 'DefinitelyTyped', purl: 'pkg:npm/%40types/node@20.1.0' }],
        },
        { type: 'library', name: 'libc6', version: '2.36-9', purl: 'pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12', authors: [{ name: 'GNU' }] },
        { type: 'device', name: 'SATA controller' },
        { type: 'file', name: '/etc/passwd' },
        { type: 'library', version: '1.0' },
        { type: 'library', name: { evil: true } },
      ],
    };
    const { snapshot } = parseSbom(JSON.stringify(bom), limits);
    expect(snapshot.identity.hostname).toBe('host-17');
    expect(snapshot.agent).toBe('syft 1.4.0');
    expect(snapshot.software).toEqual([
      { name: 'debian', version: '12.5', publisher: 'Debian', installDate: null, arch: null, origin: null },
      { name: 'libc6', version: '2.36-9', publisher: 'GNU', installDate: null, arch: 'amd64', origin: 'deb' },
      { name: '@types/node', version: '20.1.0', publisher: 'DefinitelyTyped', installDate: null, arch: null, origin: 'npm' },
    ]);
  });
});

describe('parseSbom: SPDX', () => {
  it('reads the ACME SPDX 2.3 JSON document', () => {
    const { kind, snapshot } = parseSbom(fixture('spdx-examples-ACME-v2.3.spdx.json'), limits);
    expect(kind).toBe('spdx');
    expect(snapshot.identity.hostname).toBe('ACME SBOM');
    expect(snapshot.collectedAt).toBe('2023-10-08T18:30:22Z');
    expect(snapshot.agent).toBeNull(); // creators are an organisation and a person, no tool
    expect(snapshot.software).toEqual([
      { name: 'Acme Applcation', version: '2.3', publisher: 'Jane Doe', installDate: null, arch: null, origin: null },
      { name: 'elliptic', version: '6.5.2', publisher: null, installDate: null, arch: null, origin: 'npm' },
      { name: 'alpine', version: 'latest', publisher: null, installDate: null, arch: null, origin: null },
      { name: 'OpenSSL', version: '3.0.4', publisher: null, installDate: null, arch: null, origin: 'alpine' },
    ]);
  });

  it('reads an SPDX 3.0 JSON-LD document', () => {
    const { kind, snapshot } = parseSbom(fixture('spdx-examples-example7-go-module.spdx3.json'), limits);
    expect(kind).toBe('spdx');
    expect(snapshot.identity.hostname).toBe('example7-go-module.spdx');
    expect(snapshot.collectedAt).toBe('2020-11-25T01:12:27Z');
    expect(snapshot.software).toEqual([{ name: 'example.com/hello', version: null, publisher: 'Nisha K', installDate: null, arch: null, origin: null }]);
  });

  it('reads SPDX tag-value, including multi-line text values', () => {
    const text = [
      'SPDXVersion: SPDX-2.3',
      'DataLicense: CC0-1.0',
      'DocumentName: web-01.example',
      'Creator: Organization: Example',
      'Creator: Tool: spdx-sbom-generator-0.0.15',
      'Created: 2024-05-06T07:08:09Z',
      'DocumentComment: <text>PackageName: not-a-package',
      'still the comment</text>',
      '',
      'PackageName: openssl',
      'SPDXID: SPDXRef-openssl',
      'PackageVersion: 3.0.11-1~deb12u2',
      'PackageSupplier: Organization: Debian (debian@example.org)',
      'ExternalRef: PACKAGE-MANAGER purl pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64',
      '',
      'PackageName: left-pad',
      'PackageVersion: NOASSERTION',
      'PackageSupplier: NOASSERTION',
      'PackageOriginator: Person: Azer Koculu',
    ].join('\n');
    const { kind, snapshot } = parseSbom(text, limits);
    expect(kind).toBe('spdx');
    expect(snapshot.identity.hostname).toBe('web-01.example');
    expect(snapshot.agent).toBe('spdx-sbom-generator-0.0.15');
    expect(snapshot.collectedAt).toBe('2024-05-06T07:08:09Z');
    expect(snapshot.software).toEqual([
      { name: 'openssl', version: '3.0.11-1~deb12u2', publisher: 'Debian', installDate: null, arch: 'amd64', origin: 'deb' },
      { name: 'left-pad', version: null, publisher: 'Azer Koculu', installDate: null, arch: null, origin: null },
    ]);
  });
});

describe('parseSbom: refusals', () => {
  it('refuses documents that are not SBOMs with INVENTORY_UNRECOGNISED (415)', () => {
    for (const text of ['{"hello":"world"}', '<REQUEST/>', 'hostname\nvm']) {
      const err = failure(() => parseSbom(text, limits));
      expect([err.code, err.status]).toEqual(['INVENTORY_UNRECOGNISED', 415]);
    }
  });

  it('applies the XML and JSON safety rules', () => {
    expect(failure(() => parseSbom('<!DOCTYPE bom [<!ENTITY x SYSTEM "file:///etc/passwd">]><bom>&x;</bom>', limits)).code).toBe('INVENTORY_DTD_NOT_ALLOWED');
    expect(failure(() => parseSbom('{"bomFormat":"CycloneDX","components":[' + '{"components":['.repeat(100), limits)).code).toBe('INVENTORY_TOO_COMPLEX');
    expect(failure(() => parseSbom('{"bomFormat":"CycloneDX","components":[', limits)).code).toBe('INVENTORY_MALFORMED');
  });
});

describe('parsePurl', () => {
  it('reads the type and arch qualifier', () => {
    expect(parsePurl('pkg:deb/debian/libc6@2.36?arch=amd64')).toEqual({ type: 'deb', arch: 'amd64' });
    expect(parsePurl('pkg:Maven/org.apache/commons@1')).toEqual({ type: 'maven', arch: null });
    expect(parsePurl('pkg:rpm/fedora/curl@8?arch=%7886_64')).toEqual({ type: 'rpm', arch: 'x86_64' });
    expect(parsePurl('https://example.com')).toBeNull();
  });
});
