import { describe, expect, it } from 'vitest';
import type { InstalledSoftware } from './inventory.js';
import { type DenyRule, diffSoftware, findDeniedSoftware, globToRegExp, softwareKey } from './software-policy.js';

const sw = (name: string, version: string | null = '1.0', publisher: string | null = null, arch: string | null = null): InstalledSoftware =>
  ({ name, version, publisher, installDate: null, arch, origin: null });

describe('globToRegExp', () => {
  it.each([
    ['utorrent', 'uTorrent', true], ['utorrent', 'uTorrent Web', false], ['utorrent*', 'uTorrent Web', true], ['*torrent*', 'qBittorrent 4.6', true],
    ['*', '', true], ['team*viewer', 'TeamViewer', true], ['team*viewer', 'Team Remote Viewer', true], ['team*viewer', 'TeamViewer Host', false],
    ['a.b', 'a.b', true], ['a.b', 'axb', false], ['c++ (x64)', 'C++ (x64)', true], ['[x]', '[X]', true], ['a?', 'ab', false], ['a?', 'a?', true],
    ['  vlc  ', 'VLC', true], ['caf\u00e9', 'CAFE\u0301', true],
  ] as const)('%s ~ "%s": %s', (glob, name, matches) => {
    expect(globToRegExp(glob).test(name.normalize('NFC').trim().toLowerCase())).toBe(matches);
  });
});

describe('findDeniedSoftware', () => {
  const rules: DenyRule[] = [
    { name: '*torrent*', reason: 'Peer-to-peer file sharing' },
    { name: 'TeamViewer*', publisher: 'TeamViewer*', reason: 'Unapproved remote access' },
    { name: 'Wireshark', publisher: null, reason: 'Packet capture needs approval' },
    { name: 'Chrome', publisher: '', reason: 'A blank publisher matches any publisher' },
  ];

  it('matches names case-insensitively with * as the wildcard, and publishers when the rule names one', () => {
    const software = [
      sw('qBittorrent', '4.6.2'), sw('TeamViewer 15', '15.50', 'TeamViewer Germany GmbH'), sw('TeamViewer 15', '15.50', 'Evil Corp'),
      sw('TeamViewer QS', '15.0', null), sw('wireshark', '4.2', 'Wireshark Foundation'), sw('Wireshark Portable', '4.2'), sw('bash', '5.2'),
      sw('chrome', '120', 'Google'),
    ];
    const found = findDeniedSoftware(software, rules);
    expect(found.map((f) => [f.item.name, f.item.publisher, f.rule.reason])).toEqual([
      ['qBittorrent', null, 'Peer-to-peer file sharing'],
      ['TeamViewer 15', 'TeamViewer Germany GmbH', 'Unapproved remote access'],
      ['wireshark', 'Wireshark Foundation', 'Packet capture needs approval'],
      ['chrome', 'Google', 'A blank publisher matches any publisher'],
    ]);
  });

  it('reports every rule an item breaks, items in inventory order', () => {
    const found = findDeniedSoftware([sw('uTorrent'), sw('BitTorrent')], [{ name: '*torrent', reason: 'a' }, { name: 'u*', reason: 'b' }]);
    expect(found.map((f) => `${f.item.name}:${f.rule.reason}`)).toEqual(['uTorrent:a', 'uTorrent:b', 'BitTorrent:a']);
  });

  it('finds nothing with no rules or no software', () => {
    expect(findDeniedSoftware([sw('uTorrent')], [])).toEqual([]);
    expect(findDeniedSoftware([], rules)).toEqual([]);
  });
});

describe('softwareKey', () => {
  it('is lower-cased name|version|arch, missing parts empty', () => {
    expect(softwareKey(sw('Firefox ESR', '115.9.1esr', null, 'x86_64'))).toBe('firefox esr|115.9.1esr|x86_64');
    expect(softwareKey(sw('Bash', null))).toBe('bash||');
    expect(softwareKey(sw(' Bash ', '5.2'))).toBe(softwareKey(sw('bash', '5.2')));
    expect(softwareKey(sw('bash', '5.2', null, 'amd64'))).not.toBe(softwareKey(sw('bash', '5.2', null, 'i386')));
  });
});

describe('diffSoftware', () => {
  it('reports added, removed and upgraded packages', () => {
    const before = [sw('bash', '5.2'), sw('curl', '7.88'), sw('vim', '9.0')];
    const after = [sw('bash', '5.2'), sw('curl', '8.5'), sw('git', '2.43')];
    expect(diffSoftware(before, after)).toEqual({
      added: [sw('git', '2.43')], removed: [sw('vim', '9.0')], changed: [{ name: 'curl', arch: null, from: '7.88', to: '8.5' }],
    });
  });

  it('treats the same package for another architecture as another package', () => {
    const d = diffSoftware([sw('libc6', '2.36', null, 'amd64')], [sw('libc6', '2.36', null, 'amd64'), sw('libc6', '2.36', null, 'i386')]);
    expect(d).toEqual({ added: [sw('libc6', '2.36', null, 'i386')], removed: [], changed: [] });
  });

  it('compares side-by-side versions as a set', () => {
    const before = [sw('Java Runtime', '8.0'), sw('Java Runtime', '17.0')];
    const after = [sw('Java Runtime', '17.0'), sw('Java Runtime', '21.0')];
    expect(diffSoftware(before, after)).toEqual({ added: [sw('Java Runtime', '21.0')], removed: [sw('Java Runtime', '8.0')], changed: [] });
  });

  it('ignores case, order and duplicates', () => {
    expect(diffSoftware([sw('Bash', '5.2'), sw('curl', '8.5'), sw('curl', '8.5')], [sw('curl', '8.5'), sw('bash', '5.2')])).toEqual({ added: [], removed: [], changed: [] });
  });

  it('compares names in Unicode normal form, ASCII or not', () => {
    const composed = 'Caf\u00e9 Studio';
    const decomposed = 'Cafe\u0301 Studio';
    expect(diffSoftware([sw(composed, '1.0')], [sw(decomposed, '1.0')])).toEqual({ added: [], removed: [], changed: [] });
    expect(diffSoftware([sw(composed, '1.0')], [sw(decomposed, '2.0')]).changed).toEqual([{ name: decomposed, arch: null, from: '1.0', to: '2.0' }]);
  });

  it('sorts each list', () => {
    const d = diffSoftware([], [sw('zsh'), sw('Apache'), sw('mc')]);
    expect(d.added.map((s) => s.name)).toEqual(['Apache', 'mc', 'zsh']);
  });
});
