import { writeFileSync } from 'node:fs';
import { openDatabase } from '@custodia/data';
import { buildApp } from '../app.js';

/** Writes the committed copy of the OpenAPI document (docs/openapi.json); a test fails when it drifts. */
const database = await openDatabase({ engine: 'sqlite', path: ':memory:' });
const app = await buildApp({ database });
await app.ready();
writeFileSync(new URL('../../../../docs/openapi.json', import.meta.url), `${JSON.stringify(app.swagger(), null, 2)}\n`);
await app.close();
await database.close();
