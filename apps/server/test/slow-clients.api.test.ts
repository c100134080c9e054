import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeGracefully } from '@custodia/server';
import { ENGINES } from '../../../test/support/databases.js';
import { type TestApi, startApi } from '../../../test/support/api.js';

/** A client that sends the head of a request and then its body one byte at a time, every `every` ms (slow loris). */
function slowClient(port: number, every = 0) {
  const socket = connect(port, '127.0.0.1');
  const closed = new Promise<{ after: number; answer: string }>((resolve) => {
    const started = Date.now();
    let answer = '';
    socket.on('data', (d) => { answer += String(d); });
    socket.on('error', () => undefined);
    socket.on('close', () => { clearInterval(drip); resolve({ after: Date.now() - started, answer }); });
  });
  const drip = setInterval(() => { if (every && !socket.destroyed) socket.write(' '); }, every || 1000);
  socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
  return { socket, closed };
}

/** Slow clients hold neither a connection nor the server's shutdown for good. */
describe('slow clients', () => {
  const engine = ENGINES[0]!;
  let api: TestApi;
  let port: number;
  beforeAll(async () => {
    api = await startApi(engine, { app: { requestTimeout: 1000 } });
    const address = await api.app.listen({ host: '127.0.0.1', port: 0 });
    port = Number(new URL(address).port);
  });
  afterAll(async () => { await api.close(); });

  it('a connection silent for the request timeout is closed', async () => {
    const { after } = await slowClient(port).closed;
    expect(after).toBeLessThan(5000);
  });

  it('a request still arriving a byte at a time after the request timeout is cut off', async () => {
    const { after, answer } = await slowClient(port, 200).closed;
    expect(after).toBeLessThan(5000);
    expect(answer).not.toMatch(/^HTTP\/1\.1 2/);
  });

  it('a stop closes idle connections at once and the rest after the grace period', async () => {
    const slow = await startApi(engine, { app: { requestTimeout: 600_000 } });
    const address = await slow.app.listen({ host: '127.0.0.1', port: 0 });
    const { closed } = slowClient(Number(new URL(address).port));
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await closeGracefully(slow.app, 300);
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await closed).after).toBeLessThan(5000);
    await slow.close();
  });
});
