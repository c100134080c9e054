import { openDatabase, resolveDatabaseTarget } from '@custodia/data';
import { bootstrapRegister, systemContext } from '@custodia/core';
import { buildApp } from './app.js';

export interface ServeOptions { port?: number; log?: boolean }

/**
 * Starts the server on the configured database. Until accounts exist (access-control issue) it listens on loopback
 * only: nothing here authenticates callers.
 */
export async function serve(options: ServeOptions = {}) {
  const target = resolveDatabaseTarget();
  const database = await openDatabase(target);
  await bootstrapRegister(systemContext(database, 'system'));
  const app = await buildApp({ database, logger: options.log === false ? false : { level: process.env['CUSTODIA_LOG_LEVEL'] ?? 'info' } });
  const port = options.port ?? Number(process.env['PORT'] ?? 8080);
  const host = '127.0.0.1';
  await app.listen({ host, port });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const where = target.engine === 'sqlite' ? target.path : 'PostgreSQL';
  process.stdout.write(`Custodia is running at http://${host}:${actualPort}/  (API docs: /api/v1/docs, database: ${where})\n`);
  const stop = async () => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { app, database, port: actualPort };
}
