import type pg from 'pg';

/**
 * Gives every query on the pool's connections at most `timeoutMs` to answer, once `armed()` holds (after the
 * migrations, which may build indexes for longer). A query past it means the server or the network is gone: a
 * partition leaves a query on the wire for the kernel's retransmission timeout, about 15 minutes. The connection's
 * socket is then destroyed, so the query fails with "Connection terminated" (503 to the client), the pool drops the
 * connection, and PostgreSQL rolls back the transaction it held when it notices the session is gone.
 *
 * node-postgres's own `query_timeout` is not used: it keeps the connection and drops the ROLLBACK queued behind the
 * late query, so the next request's statements could run inside the abandoned transaction and commit its half.
 */
export function watchQueries(pool: pg.Pool, timeoutMs: number, armed: () => boolean): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const result = query(...args);
      if (!armed() || !(result instanceof Promise)) return result;
      const timer = setTimeout(() => {
        process.emitWarning(`A PostgreSQL query had no answer within ${timeoutMs} ms: its connection is closed`, { code: 'CUSTODIA_PG_QUERY_TIMEOUT' });
        (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      }, timeoutMs);
      const clear = () => clearTimeout(timer);
      result.then(clear, clear);
      return result;
    };
  });
}
