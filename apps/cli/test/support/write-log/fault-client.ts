/** Registers one asset named `name`, with the name as its Idempotency-Key (so a retry is recognised). */
export function createAsset(url: string, token: string, type: string, name: string): Promise<Response> {
  return fetch(`${url}/api/v1/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': name },
    body: JSON.stringify({ assetTypeId: type, name }),
  });
}

/** The value of `custodia_database_unavailable_total` for one code in a Prometheus text page (0 when absent). */
export function unavailableCount(metrics: string, code: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`custodia_database_unavailable_total{code="${code}"}`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** The sum of `custodia_database_unavailable_total` over every code. */
export const unavailableTotal = (metrics: string): number =>
  metrics.split('\n').filter((l) => l.startsWith('custodia_database_unavailable_total{')).reduce((n, l) => n + Number(l.split(' ').at(-1)), 0);

/** An acknowledged create: the asset's id and the CLOCK_MONOTONIC time its answer arrived. */
export interface Ack { id: string; ns: bigint }

/**
 * `clients` loops registering assets (with 2 KB of notes each) without pause, each acknowledged create recorded in
 * `acks`; a loop ends when the server stops answering or answers 503 (its database gone), or after `stop()`.
 */
export function registerWithoutPause(url: string, token: string, type: string, label: string, clients = 4) {
  const acks: Ack[] = [];
  let stopped = false;
  const loop = async (n: number) => {
    for (let i = 0; !stopped; i++) {
      let res: Response;
      try {
        res = await fetch(`${url}/api/v1/assets`, {
          method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ assetTypeId: type, name: `${label} ${n}-${i}`, notes: 'n'.repeat(2000) }),
        });
      } catch {
        return;
      }
      if (res.status === 503) return;
      if (res.status !== 201) throw new Error(`create answered ${res.status}: ${await res.text()}`);
      const { id } = (await res.json()) as { id: string };
      acks.push({ id, ns: process.hrtime.bigint() });
    }
  };
  const done = Promise.all(Array.from({ length: clients }, (_, n) => loop(n)));
  return { acks, stop: async () => { stopped = true; await done; } };
}
