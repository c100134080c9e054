import type { DeviceIdentity } from '@custodia/domain';
import type { Tx } from '../shared/change.js';
import { lockKeys } from '../shared/locks.js';

/** Namespace of the advisory locks taken on device identifiers ("CDev"), apart from any other lock. */
const DEVICE_LOCKS = 0x43446576;

/** The identifiers an inventory is looked up by, each as one lock key. */
function identifierKeys(identity: DeviceIdentity): string[] {
  return [
    ...(identity.agentDeviceId ? [`agent:${identity.agentDeviceId}`] : []),
    ...(identity.serialKey ? [`serial:${identity.serialKey}`] : []),
    ...(identity.uuid ? [`uuid:${identity.uuid}`] : []),
    ...identity.macs.map((mac) => `mac:${mac}`),
    ...(identity.hostnameKey ? [`host:${identity.hostnameKey}`] : []),
  ];
}

/**
 * Serialises inventories of the same machine: the candidate look-up and the insert of a new device (and its asset)
 * are one step for every transaction that reports one of these identifiers, so two uploads of one new machine at
 * once, or two server instances, cannot both find nothing and both create it. A batch locks every inventory's
 * identifiers at once: taken one inventory at a time, two batches could each hold what the other waits for.
 */
export async function lockDeviceIdentifiers(tx: Tx, identities: readonly DeviceIdentity[]): Promise<void> {
  await lockKeys(tx, DEVICE_LOCKS, identities.flatMap(identifierKeys));
}
