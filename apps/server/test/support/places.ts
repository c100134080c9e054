import type { TestApi } from '../../../../test/support/api.js';
import { create } from './http.js';

/**
 * Org units and locations two countries deep, for tests of what a scope or a place includes: France with its sales
 * department (Ventes) below it and Germany; the Paris site with its first floor below it and the Berlin site.
 */
export async function franceAndGermany(api: TestApi) {
  const fr = await create(api, '/api/v1/org-units', { name: 'France', kind: 'country' });
  const frSales = await create(api, '/api/v1/org-units', { name: 'Ventes', kind: 'department', parentId: fr.id });
  const de = await create(api, '/api/v1/org-units', { name: 'Germany', kind: 'country' });
  const paris = await create(api, '/api/v1/locations', { name: 'Paris', kind: 'site' });
  const parisFloor = await create(api, '/api/v1/locations', { name: 'Paris floor 1', kind: 'floor', parentId: paris.id });
  const berlin = await create(api, '/api/v1/locations', { name: 'Berlin', kind: 'site' });
  return { fr, frSales, de, paris, parisFloor, berlin };
}
