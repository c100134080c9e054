import type { DiscoverySettings } from '@custodia/contracts';
import { type DeviceIdentity, type InventorySnapshot, buildRegisterIndex, findConflict, reconcile } from '@custodia/domain';
import type { DeviceRow } from './device-store.js';
import { deviceRecord } from './register-candidates.js';

/** The known device an inventory describes; or none, with `ambiguous` saying why it must not pick one. */
export interface DeviceMatch { device: DeviceRow | undefined; ambiguous: string | null }

/**
 * Which of the candidate devices an inventory describes:
 * 1. the one device holding its agent device id, unless its serial or UUID says otherwise (a cloned VM carries its
 *    original's agent state, and so its device id, but gets a UUID of its own);
 * 2. else the reconciliation rules over the candidates (an agent id held by several devices matches none of them);
 * 3. an SBOM names its host and nothing else: the one device of that host name whose identifiers it does not
 *    contradict, even though it cannot confirm the serial or UUID (it never reports them) — a new device would be a
 *    duplicate of the host.
 * A partial inventory that could be either of several devices sharing its agent id (a cloned disk), or an SBOM naming
 * several devices, is `ambiguous`: merging it into one would give that machine the other's software.
 */
export function findDevice(identity: DeviceIdentity, incoming: InventorySnapshot, devices: readonly DeviceRow[], settings: DiscoverySettings): DeviceMatch {
  const holders = identity.agentDeviceId ? devices.filter((d) => d.agent_device_id === identity.agentDeviceId) : [];
  const byAgentId = holders.length === 1 ? holders[0]! : undefined;
  const agentIdHolds = byAgentId && !['serial', 'uuid'].includes(findConflict(identity, deviceRecord(byAgentId))?.criterion ?? '');
  const device = (agentIdHolds ? byAgentId : undefined) ?? pickDevice(identity, devices, settings);
  if (device) return { device, ambiguous: null };
  if (incoming.partial && holders.length > 1) {
    return { device: undefined, ambiguous: `${holders.length} devices share the agent device id "${identity.agentDeviceId}" (a cloned disk) and this partial inventory reports no identifier telling them apart: kept as evidence only` };
  }
  if (incoming.source === 'sbom' && identity.hostnameKey) {
    const named = devices.filter((d) => d.hostname_key === identity.hostnameKey && (findConflict(identity, deviceRecord(d))?.reported ?? null) === null);
    if (named.length === 1) return { device: named[0], ambiguous: null };
    if (named.length > 1) return { device: undefined, ambiguous: `${named.length} devices are named "${identity.hostname}": the SBOM is kept as evidence only; upload it naming its device` };
  }
  return { device: undefined, ambiguous: null };
}

/** Among known devices, the one the rules link this report to (reported identity against device identities). */
function pickDevice(identity: DeviceIdentity, devices: readonly DeviceRow[], settings: DiscoverySettings): DeviceRow | undefined {
  if (!devices.length) return undefined;
  const decision = reconcile(identity, buildRegisterIndex(devices.map(deviceRecord)), settings.rules);
  return decision.action === 'link' ? devices.find((d) => d.id === decision.assetId) : undefined;
}
