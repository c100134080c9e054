/** An update of one asset: the version it made and the name it set. */
export interface Ack { version: number; name: string }

/** Sends one update of the asset's name, on top of `after`, with the name as its Idempotency-Key. */
export function sendUpdate(url: string, id: string, headers: Record<string, string>, after: Ack, name: string): Promise<Response> {
  return fetch(`${url}/api/v1/assets/${id}`, {
    method: 'PATCH', headers: { ...headers, 'content-type': 'application/json', 'if-match': `"${after.version}"`, 'idempotency-key': name }, body: JSON.stringify({ name }),
  });
}

/**
 * Updates one asset's name without pause, each PATCH on the version the previous one answered, until `stop()` or until
 * the server stops answering. `last()` is the last acknowledged update, `inFlight()` the one sent after it.
 */
export function updateWithoutPause(url: string, id: string, headers: Record<string, string>, from: Ack, names: () => string) {
  let last = from;
  let inFlight: Ack | null = null;
  let stopped = false;
  let count = 0;
  const done = (async () => {
    while (!stopped) {
      const next: Ack = { version: last.version + 1, name: names() };
      inFlight = next;
      let res: Response;
      try {
        res = await sendUpdate(url, id, headers, last, next.name);
      } catch {
        return;
      }
      if (res.status !== 200) throw new Error(`update ${next.name} answered ${res.status}: ${await res.text()}`);
      const body = (await res.json()) as Ack;
      if (body.version !== next.version || body.name !== next.name) throw new Error(`update ${next.name} answered ${JSON.stringify(body)}`);
      last = next;
      inFlight = null;
      count++;
    }
  })();
  return {
    last: () => last,
    inFlight: () => inFlight,
    acknowledged: () => count,
    /** Ends the loop; resolves once the last request is answered or lost. */
    stop: async () => { stopped = true; await done; },
    /** The loop's end, when the server went away. */
    ended: done,
  };
}
