import { describe, expect, it } from 'vitest';
import type { DeviceIdentity } from './identity.js';
import {
  CRITERION_LABELS, DEFAULT_RULES, MATCH_CRITERIA, type ReconciliationRule, type RegisterRecord, buildRegisterIndex, describeRule,
  findConflict, reconcile,
} from './reconcile.js';

const device = (over: Partial<DeviceIdentity> = {}): DeviceIdentity => ({
  serial: null, serialKey: null, uuid: null, macs: [], hostname: null, hostnameKey: null, fqdn: null, manufacturer: null, model: null,
  agentDeviceId: null, virtual: false, ignored: [], ...over,
  ...(over.serial !== undefined && over.serialKey === undefined ? { serialKey: over.serial?.toUpperCase() ?? null } : {}),
  ...(over.hostname !== undefined && over.hostnameKey === undefined ? { hostnameKey: over.hostname?.toLowerCase() ?? null } : {}),
});
const asset = (id: string, over: Partial<Omit<RegisterRecord, 'id'>> = {}): RegisterRecord => ({
  id, serialKey: null, uuid: null, macs: [], hostnameKey: null, agentDeviceIds: [], ...over,
});
const decide = (d: DeviceIdentity, assets: RegisterRecord[], rules?: readonly ReconciliationRule[]) => reconcile(d, buildRegisterIndex(assets), rules);

const U1 = '4c4c4544-0042-3510-8052-b4c04f4e4d32';
const U2 = '564d1a2b-3c4d-5e6f-7081-92a3b4c5d6e7';
const M1 = '3c:52:82:11:22:33';
const M2 = '3c:52:82:44:55:66';
const M3 = '00:0c:29:00:00:01';

describe('DEFAULT_RULES', () => {
  it('run in GLPI\'s order: agent id, serial + UUID, serial, UUID, MAC, host name', () => {
    expect(DEFAULT_RULES.map((r) => [r.key, r.criteria.join('+'), r.onZero, r.onOne, r.onMany])).toEqual([
      ['agent_device_id', 'agentDeviceId', 'next', 'link', 'next'],
      ['serial_uuid', 'serial+uuid', 'next', 'link', 'review'],
      ['serial', 'serial', 'next', 'link', 'next'],
      ['uuid', 'uuid', 'next', 'link', 'next'],
      ['mac', 'mac', 'next', 'link', 'next'],
      ['hostname', 'hostname', 'next', 'link', 'review'],
    ]);
  });

  it('have unique keys the settings schema accepts, and known criteria', () => {
    for (const rule of DEFAULT_RULES) {
      expect(rule.key).toMatch(/^[a-z][a-z0-9_]{0,39}$/);
      expect(rule.criteria.length).toBeGreaterThan(0);
      for (const c of rule.criteria) expect(MATCH_CRITERIA).toContain(c);
    }
    expect(new Set(DEFAULT_RULES.map((r) => r.key)).size).toBe(DEFAULT_RULES.length);
  });

  it('are frozen, so a caller cannot change the shipped order', () => {
    expect(Object.isFrozen(DEFAULT_RULES)).toBe(true);
  });
});

describe('describeRule', () => {
  it('names the criteria and every outcome', () => {
    expect(describeRule(DEFAULT_RULES[1]!)).toBe(
      'Serial number and UUID: when the device reports its serial number and UUID, compare with the register. '
      + 'No match: try the next rule; one match: link to the asset; several: send to review.',
    );
    expect(describeRule({ key: 'x', name: 'X', criteria: ['agentDeviceId', 'mac', 'hostname'], onZero: 'reject', onOne: 'review', onMany: 'reject' }))
      .toContain('agent device id, MAC address and host name');
  });
  it.each(MATCH_CRITERIA.map((c) => [c]))('has a label for %s', (c) => {
    expect(CRITERION_LABELS[c].length).toBeGreaterThan(0);
  });
});

describe('each default rule decides in its turn', () => {
  const pc = asset('a-pc', { serialKey: '5CG1234ABC', uuid: U1, macs: [M1], hostnameKey: 'pc-1', agentDeviceIds: ['pc-1-agent'] });

  it('agent_device_id: the agent\'s own id', () => {
    const d = decide(device({ agentDeviceId: 'pc-1-agent', hostname: 'renamed' }), [pc, asset('other', { hostnameKey: 'renamed' })]);
    expect(d).toMatchObject({ action: 'link', assetId: 'a-pc', candidates: ['a-pc'], ruleKey: 'agent_device_id', conflict: null });
    expect(d.reason).toContain('a-pc');
  });

  it('agent_device_id shared by several assets (a cloned disk) lets the hardware decide', () => {
    const twin = asset('a-twin', { serialKey: 'OTHER123', agentDeviceIds: ['pc-1-agent'] });
    expect(decide(device({ agentDeviceId: 'pc-1-agent', serial: '5CG1234ABC', uuid: U1 }), [pc, twin]))
      .toMatchObject({ action: 'link', assetId: 'a-pc', ruleKey: 'serial_uuid' });
  });

  it('serial_uuid: both equal', () => {
    expect(decide(device({ serial: '5cg1234abc', uuid: U1 }), [pc])).toMatchObject({ action: 'link', assetId: 'a-pc', ruleKey: 'serial_uuid' });
  });

  it('serial_uuid on two assets: duplicates in the register go to review', () => {
    const dup = asset('a-dup', { serialKey: '5CG1234ABC', uuid: U1 });
    expect(decide(device({ serial: '5CG1234ABC', uuid: U1 }), [dup, pc])).toMatchObject({ action: 'review', assetId: null, candidates: ['a-dup', 'a-pc'], ruleKey: 'serial_uuid' });
  });

  it('serial: the asset has no UUID', () => {
    const imported = asset('a-imp', { serialKey: '5CG1234ABC', hostnameKey: 'pc-1' });
    expect(decide(device({ serial: '5CG1234ABC', uuid: U1, macs: [M1] }), [imported])).toMatchObject({ action: 'link', assetId: 'a-imp', ruleKey: 'serial' });
  });

  it('serial on several assets (an unlisted placeholder) is not trusted: the UUID decides', () => {
    const a = asset('a', { serialKey: 'SYSTEM-SN-UNSET', uuid: U1 });
    const b = asset('b', { serialKey: 'SYSTEM-SN-UNSET', uuid: U2 });
    expect(decide(device({ serial: 'SYSTEM-SN-UNSET', uuid: U2 }), [a, b])).toMatchObject({ action: 'link', assetId: 'b', ruleKey: 'serial_uuid' });
    expect(decide(device({ serial: 'SYSTEM-SN-UNSET', macs: [M2] }), [a, { ...b, macs: [M2] }])).toMatchObject({ action: 'link', assetId: 'b', ruleKey: 'mac' });
  });

  it('uuid: the device reports no serial (agent without SMBIOS rights)', () => {
    expect(decide(device({ uuid: U1, macs: [M1] }), [pc])).toMatchObject({ action: 'link', assetId: 'a-pc', ruleKey: 'uuid' });
  });

  it('mac: the only hardware key of a container', () => {
    const ctr = asset('a-ctr', { macs: ['02:fc:00:00:00:01'], hostnameKey: 'ctr-1' });
    expect(decide(device({ macs: ['02:fc:00:00:00:01'], hostname: 'ctr-1' }), [ctr])).toMatchObject({ action: 'link', assetId: 'a-ctr', ruleKey: 'mac' });
  });

  it('mac shared by several assets (container bridges) lets the host name decide', () => {
    const a = asset('a', { macs: ['02:42:ac:11:00:02'], hostnameKey: 'web' });
    const b = asset('b', { macs: ['02:42:ac:11:00:02'], hostnameKey: 'db' });
    expect(decide(device({ macs: ['02:42:ac:11:00:02'], hostname: 'db' }), [a, b])).toMatchObject({ action: 'link', assetId: 'b', ruleKey: 'hostname' });
  });

  it('hostname: an asset registered by name only', () => {
    const byName = asset('a-name', { hostnameKey: 'pc-9' });
    expect(decide(device({ serial: 'NEW12345', uuid: U2, macs: [M2], hostname: 'PC-9' }), [byName])).toMatchObject({ action: 'link', assetId: 'a-name', ruleKey: 'hostname' });
  });

  it('hostname on two assets goes to review', () => {
    expect(decide(device({ hostname: 'pc-9' }), [asset('x', { hostnameKey: 'pc-9' }), asset('y', { hostnameKey: 'pc-9' })]))
      .toMatchObject({ action: 'review', candidates: ['x', 'y'], ruleKey: 'hostname' });
  });

  it('no rule decides: a new asset', () => {
    const d = decide(device({ serial: 'NEW12345', uuid: U2, macs: [M2], hostname: 'new-pc', agentDeviceId: 'new-agent' }), [pc]);
    expect(d).toMatchObject({ action: 'create', assetId: null, candidates: [], ruleKey: null, conflict: null });
  });

  it('a new asset notes the identifiers that matched several assets', () => {
    const d = decide(device({ serial: 'SYSTEM-SN-UNSET', hostname: 'new' }), [asset('a', { serialKey: 'SYSTEM-SN-UNSET' }), asset('b', { serialKey: 'SYSTEM-SN-UNSET' })]);
    expect(d.action).toBe('create');
    expect(d.reason).toContain('serial number matched several assets');
  });

  it('a device with nothing durable to recognise it by is rejected, not created', () => {
    expect(decide(device(), [pc])).toMatchObject({ action: 'reject', ruleKey: null });
    expect(decide(device({ agentDeviceId: 'per-run-id-1' }), [pc])).toMatchObject({ action: 'reject' });
    // …but its agent id may still link it.
    expect(decide(device({ agentDeviceId: 'pc-1-agent' }), [pc])).toMatchObject({ action: 'link', assetId: 'a-pc' });
  });
});

describe('safety rules hold whatever the configuration', () => {
  const permissive: ReconciliationRule[] = MATCH_CRITERIA.map((c) => ({ key: c.toLowerCase(), name: c, criteria: [c], onZero: 'next', onOne: 'link', onMany: 'next' }));

  describe.each([['default rules', DEFAULT_RULES], ['one permissive rule per criterion', permissive]] as const)('%s', (_name, rules) => {
    it('(a) a MAC match never links when the serials disagree (a swapped mainboard)', () => {
      const old = asset('a-old', { serialKey: 'OLDBOARD1', uuid: U1, macs: [M1], hostnameKey: 'pc-1' });
      const d = decide(device({ serial: 'NEWBOARD2', uuid: U2, macs: [M1], hostname: 'pc-1' }), [old], rules);
      expect(d).toMatchObject({ action: 'review', assetId: null, candidates: ['a-old'] });
      expect(d.conflict).toEqual({ criterion: 'serial', reported: 'NEWBOARD2', registered: 'OLDBOARD1' });
      expect(d.reason).toContain('serial numbers differ');
    });

    it('(a) an agent id match never links when the UUIDs disagree', () => {
      const a = asset('a', { uuid: U1, agentDeviceIds: ['agent-1'] });
      expect(decide(device({ uuid: U2, agentDeviceId: 'agent-1' }), [a], rules)).toMatchObject({ action: 'review', conflict: { criterion: 'uuid' } });
    });

    it('(a) a serial match never links when the UUIDs disagree', () => {
      const a = asset('a', { serialKey: 'SERIAL001', uuid: U1 });
      expect(decide(device({ serial: 'SERIAL001', uuid: U2 }), [a], rules)).toMatchObject({ action: 'review', candidates: ['a'], conflict: { criterion: 'uuid' } });
    });

    it('(a) a host-name match never merges two devices whose identifiers disagree', () => {
      const a = asset('a', { serialKey: 'SERIAL001', hostnameKey: 'web' });
      expect(decide(device({ serial: 'SERIAL002', hostname: 'web' }), [a], rules)).toMatchObject({ action: 'review', conflict: { criterion: 'serial' } });
      const b = asset('b', { macs: [M1], hostnameKey: 'web' });
      expect(decide(device({ macs: [M2], hostname: 'web' }), [b], rules)).toMatchObject({ action: 'review', conflict: { criterion: 'mac' } });
    });

    it('(a) a host-name match never links to an asset with a serial or UUID the device lacks', () => {
      const a = asset('a', { serialKey: 'SERIAL001', hostnameKey: 'web' });
      const d = decide(device({ uuid: U2, macs: [M2], hostname: 'web' }), [a], rules);
      expect(d).toMatchObject({ action: 'review', conflict: { criterion: 'serial', reported: null, registered: 'SERIAL001' } });
      expect(d.reason).toContain('reports none');
      expect(decide(device({ macs: [M2], hostname: 'web' }), [asset('b', { uuid: U1, hostnameKey: 'web' })], rules))
        .toMatchObject({ action: 'review', conflict: { criterion: 'uuid', reported: null } });
    });

    it('(a) a MAC match alone does not link across different host names (docks, adapters)', () => {
      const a = asset('a', { macs: [M1], hostnameKey: 'laptop-1' });
      expect(decide(device({ macs: [M1], hostname: 'laptop-2' }), [a], rules)).toMatchObject({ action: 'review', conflict: { criterion: 'hostname' } });
    });

    it('(b) a UUID shared by a cloned VM never links when the serials disagree', () => {
      const original = asset('a-vm', { serialKey: 'VMWARE-56 4D 01', uuid: U1, macs: [M3], hostnameKey: 'vm-1' });
      expect(decide(device({ serial: 'VMware-56 4d 02', uuid: U1, macs: ['00:0c:29:00:00:02'], hostname: 'vm-2' }), [original], rules))
        .toMatchObject({ action: 'review', candidates: ['a-vm'], conflict: { criterion: 'serial' } });
    });

    it('(b) nor, without serials, when the MACs share nothing', () => {
      const original = asset('a-vm', { uuid: U1, macs: [M3], hostnameKey: 'vm-1', agentDeviceIds: ['copied-agent'] });
      expect(decide(device({ uuid: U1, macs: ['00:0c:29:00:00:02'], hostname: 'vm-2', agentDeviceId: 'copied-agent' }), [original], rules))
        .toMatchObject({ action: 'review', conflict: { criterion: 'mac' } });
    });
  });

  it('a matching serial outweighs replaced network cards', () => {
    const a = asset('a', { serialKey: 'SERIAL001', macs: [M1] });
    expect(decide(device({ serial: 'SERIAL001', macs: [M2] }), [a])).toMatchObject({ action: 'link', assetId: 'a' });
  });

  it('an agreeing agent id or UUID allows a rename on a MAC match', () => {
    expect(decide(device({ macs: [M1], hostname: 'new-name', agentDeviceId: 'ag' }), [asset('a', { macs: [M1], hostnameKey: 'old-name', agentDeviceIds: ['ag'] })]))
      .toMatchObject({ action: 'link', assetId: 'a' });
    expect(decide(device({ uuid: U1, macs: [M1], hostname: 'new-name' }), [asset('a', { uuid: U1, macs: [M1], hostnameKey: 'old-name' })]))
      .toMatchObject({ action: 'link', assetId: 'a' });
  });

  it('findConflict: nothing disagrees when nothing is on both sides', () => {
    expect(findConflict(device({ serial: 'S1' }), asset('a', { uuid: U1 }))).toBeNull();
    expect(findConflict(device({ hostname: 'x' }), asset('a', { hostnameKey: 'x' }))).toBeNull();
  });
});

describe('rule outcomes are configurable', () => {
  const rule = (over: Partial<ReconciliationRule>): ReconciliationRule => ({ key: 'r', name: 'R', criteria: ['serial'], onZero: 'next', onOne: 'link', onMany: 'next', ...over });
  const two = [asset('a', { serialKey: 'SHARED01' }), asset('b', { serialKey: 'SHARED01' })];

  it.each([['review'], ['reject']] as const)('onZero %s', (onZero) => {
    expect(decide(device({ serial: 'NONE0001' }), [], [rule({ onZero })])).toMatchObject({ action: onZero, ruleKey: 'r', candidates: [] });
  });

  it('onZero create registers at once, later rules unused', () => {
    expect(decide(device({ serial: 'NONE0001', hostname: 'h' }), [asset('h', { hostnameKey: 'h' })], [rule({ onZero: 'create' }), rule({ key: 'h', criteria: ['hostname'] })]))
      .toMatchObject({ action: 'create', ruleKey: 'r' });
  });

  it.each([['review'], ['reject']] as const)('onOne %s', (onOne) => {
    expect(decide(device({ serial: 'ONE00001' }), [asset('a', { serialKey: 'ONE00001' })], [rule({ onOne })])).toMatchObject({ action: onOne, assetId: null, candidates: ['a'] });
  });

  it.each([['review'], ['reject']] as const)('(c) onMany %s lists the candidates', (onMany) => {
    expect(decide(device({ serial: 'SHARED01' }), two, [rule({ onMany })])).toMatchObject({ action: onMany, candidates: ['a', 'b'], ruleKey: 'r' });
  });

  it('(c) onMany next goes on to the next rule', () => {
    expect(decide(device({ serial: 'SHARED01', hostname: 'h' }), [...two, asset('c', { hostnameKey: 'h' })], [rule({ onMany: 'next' }), rule({ key: 'h', criteria: ['hostname'] })]))
      .toMatchObject({ action: 'link', assetId: 'c', ruleKey: 'h' });
  });

  it('a rule whose value the device lacks is skipped, whatever its outcomes', () => {
    expect(decide(device({ hostname: 'h' }), [asset('a', { hostnameKey: 'h' })], [rule({ onZero: 'reject', onOne: 'reject', onMany: 'reject' }), rule({ key: 'h', criteria: ['hostname'] })]))
      .toMatchObject({ action: 'link', ruleKey: 'h' });
  });

  it('a rule with several criteria needs all of them equal on the same asset', () => {
    const assets = [asset('a', { serialKey: 'SERIAL001' }), asset('b', { uuid: U1 })];
    expect(decide(device({ serial: 'SERIAL001', uuid: U1 }), assets, [rule({ criteria: ['serial', 'uuid'], onZero: 'reject' })])).toMatchObject({ action: 'reject', candidates: [] });
  });

  it('with no rules at all, every device is new', () => {
    expect(decide(device({ serial: 'SERIAL001' }), [asset('a', { serialKey: 'SERIAL001' })], [])).toMatchObject({ action: 'create', ruleKey: null });
  });
});

describe('buildRegisterIndex', () => {
  it('normalises the register side the way identityOf does the device side', () => {
    const a = asset('a', { serialKey: ' sn-abc123 ', uuid: '{4C4C4544-0042-3510-8052-B4C04F4E4D32}', macs: ['3C-52-82-11-22-33', '3c52.8211.2233'], hostnameKey: 'PC-1.corp.example', agentDeviceIds: [' ag ', 'ag'] });
    const index = buildRegisterIndex([a]);
    expect(index.records[0]).toEqual({ id: 'a', serialKey: 'SN-ABC123', uuid: U1, macs: [M1], hostnameKey: 'pc-1', agentDeviceIds: ['ag'] });
    expect(reconcile(device({ serial: 'SN-ABC123', uuid: U1 }), index)).toMatchObject({ action: 'link', assetId: 'a' });
    expect(reconcile(device({ macs: [M1], hostname: 'pc-1' }), index)).toMatchObject({ action: 'link', assetId: 'a', ruleKey: 'mac' });
  });

  it('ignores junk on the register side: it neither matches nor contradicts', () => {
    const a = asset('a', { serialKey: 'TO BE FILLED BY O.E.M.', uuid: '00000000-0000-0000-0000-000000000000', macs: [M1, '00:50:56:c0:00:08'] });
    const b = asset('b', { serialKey: 'TO BE FILLED BY O.E.M.', macs: ['00:50:56:c0:00:08'] });
    const index = buildRegisterIndex([a, b]);
    expect(index.records[0]).toMatchObject({ serialKey: null, uuid: null, macs: [M1] });
    expect(reconcile(device({ serial: 'REAL0001', uuid: U1, macs: [M1] }), index)).toMatchObject({ action: 'link', assetId: 'a', ruleKey: 'mac' });
  });

  it('keeps records already in canonical form as they are', () => {
    const a = asset('a', { serialKey: 'SN-ABC123', uuid: U1, macs: [M2, M1].sort(), hostnameKey: 'pc-1', agentDeviceIds: ['ag'] });
    expect(buildRegisterIndex([a]).records[0]).toBe(a);
  });
});
