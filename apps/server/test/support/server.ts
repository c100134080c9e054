import { afterAll, beforeAll } from 'vitest';
import type { TestEngine } from '../../../../test/support/databases.js';
import { startApi, type TestApi } from '../../../../test/support/api.js';
import { assetTypes } from './http.js';

export type StartOptions = NonNullable<Parameters<typeof startApi>[1]>;

/** The started server behind `api`: read inside tests and hooks only, once the block's beforeAll has run. */
function delegate(started: () => TestApi | undefined): TestApi {
  const live = (): TestApi => {
    const api = started();
    if (!api) throw new Error('the server starts in beforeAll: use it inside tests and hooks, not while tests are being collected');
    return api;
  };
  return {
    get app() { return live().app; },
    get db() { return live().db; },
    get adminToken() { return live().adminToken; },
    call: (...args) => live().call(...args),
    user: (...args) => live().user(...args),
    close: () => live().close(),
  };
}

/**
 * One server on `engine` for the tests of the describe block this is called in: started in the block's beforeAll,
 * closed in its afterAll. `types` holds the register's asset types by key (laptop, phone, ...) once it has started.
 * A block's own beforeAll hooks, registered after this call, run after the server has started.
 */
export function serverForBlock(engine: TestEngine, options: StartOptions = {}): { api: TestApi; types: Record<string, any> } {
  let started: TestApi | undefined;
  const types: Record<string, any> = {};
  beforeAll(async () => {
    started = await startApi(engine, options);
    Object.assign(types, await assetTypes(started));
  });
  afterAll(async () => {
    await started?.close();
    started = undefined;
  });
  return { api: delegate(() => started), types };
}
