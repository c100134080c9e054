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
