import { describe, expect, it } from 'vitest';
import { ENGINES } from '../../../test/support/databases.js';
import { create, ok, refuse, uniq } from './support/http.js';
import { serverForBlock } from './support/server.js';

/** Self-service: a consumer sees what is assigned to them and acknowledges receipt once, while it is theirs. */
describe.each(ENGINES)('my assets ($name)', (engine) => {
  const { api, types } = serverForBlock(engine);

  /** A person with a consumer account, and a laptop assigned to them. */
  async function assigned() {
    const person = await create(api, '/api/v1/people', { name: uniq('Ada ') });
    const consumer = await api.user(uniq('ada'), [{ role: 'asset_consumer' }], { personId: person.id });
    const asset = await create(api, '/api/v1/assets', { name: uniq('Laptop '), assetTypeId: types['laptop'].id });
    const given = await ok(api, 'POST', `/api/v1/assets/${asset.id}/assign`, { personId: person.id }, { 'if-match': '"1"' });
    return { person, consumer, asset: given.body };
  }
  const acknowledgements = async (id: string) => (await ok(api, 'GET', `/api/v1/assets/${id}/history`)).body.items.filter((e: any) => e.action === 'acknowledge');

  it('lists only what is assigned to the caller; someone else cannot acknowledge it (404, nothing written)', async () => {
    const { consumer, asset } = await assigned();
    const other = await assigned();
    expect((await ok(api, 'GET', '/api/v1/me/assets', undefined, consumer.auth)).body.items.map((a: any) => a.id)).toEqual([asset.id]);
    await refuse(api, 404, 'NOT_FOUND', 'POST', `/api/v1/me/assets/${asset.id}/acknowledge`, undefined, other.consumer.auth);
  });

  it('acknowledgements sent at once are recorded once; the others answer 409', async () => {
    const { consumer, asset } = await assigned();
    const answers = await Promise.all([1, 2, 3].map(() => api.call('POST', `/api/v1/me/assets/${asset.id}/acknowledge`, undefined, consumer.auth)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409, 409]);
    expect(await acknowledgements(asset.id)).toHaveLength(1);
  });

  it('an acknowledgement racing a check-in never lands on the ended assignment', async () => {
    const { consumer, asset } = await assigned();
    const [ack, back] = await Promise.all([
      api.call('POST', `/api/v1/me/assets/${asset.id}/acknowledge`, undefined, consumer.auth),
      api.call('POST', `/api/v1/assets/${asset.id}/check-in`, { returnedOn: new Date().toISOString().slice(0, 10) }, { 'if-match': `"${asset.version}"` }),
    ]);
    expect(back.status).toBe(200);
    const [period] = (await ok(api, 'GET', `/api/v1/assets/${asset.id}/assignments`)).body.items;
    if (ack.status === 200) {
      // The acknowledgement came first: recorded before the period ended (history is newest first).
      const events = (await ok(api, 'GET', `/api/v1/assets/${asset.id}/history`)).body.items.map((e: any) => e.action);
      expect(events[0]).not.toBe('acknowledge');
      expect(events).toContain('acknowledge');
    } else {
      expect(ack.status).toBe(404);
      expect(await acknowledgements(asset.id)).toEqual([]);
      expect(period.acknowledgedAt ?? null).toBeNull();
    }
    await refuse(api, 404, 'NOT_FOUND', 'POST', `/api/v1/me/assets/${asset.id}/acknowledge`, undefined, consumer.auth);
  });
});
