import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { DeviceIdentity } from '@custodia/domain';
import type { Tx } from '../shared/change.js';

/** First key of the two-key advisory locks taken on device identifiers ("CDev"), apart from any other lock. */
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

const lockId = (key: string) => createHash('sha256').update(key).digest().readInt32BE(0);

/**
 * Serialises inventories of the same machine: the candidate look-up and the insert of a new device (and its asset)
 * are one step for every transaction that reports one of these identifiers, so two uploads of one new machine at
 * once, or two server instances, cannot both find nothing and both create it. PostgreSQL: transaction-level advisory
 * locks, one per identifier, taken in ascending order and all at the start of the transaction (a batch locks every
 * inventory's at once: taken one inventory at a time, two batches could each hold what the other waits for).
 * SQLite has one writer at a time already.
 */
export async function lockDeviceIdentifiers(engine: 'sqlite' | 'postgres', tx: Tx, identities: readonly DeviceIdentity[]): Promise<void> {
  if (engine !== 'postgres') return;
  const ids = [...new Set(identities.flatMap(identifierKeys).map(lockId))].sort((a, b) => a - b);
  if (!ids.length) return;
  await sql`select pg_advisory_xact_lock(${DEVICE_LOCKS}, k) from unnest(${ids}::int4[]) with ordinality as t(k, n) order by n`.execute(tx);
}
