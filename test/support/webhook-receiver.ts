import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedHook { headers: Record<string, string | string[] | undefined>; body: string; json: any }

/**
 * A real HTTP receiver of webhooks on loopback (node:http, a free port): it keeps what it is sent and answers
 * `status` (200 by default). `down()` closes it (connections are refused), `up()` listens again on the same port.
 */
export interface TestReceiver {
  url: string;
  received: ReceivedHook[];
  status: number;
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startReceiver(path = '/hooks'): Promise<TestReceiver> {
  let server: Server;
  const receiver: TestReceiver = {
    url: '', received: [], status: 200,
    down: () => new Promise<void>((done) => { server.close(() => done()); server.closeAllConnections(); }),
    up: () => listen(port),
    close: () => (server.listening ? receiver.down() : Promise.resolve()),
  };
  const listen = (p: number) => new Promise<void>((done, fail) => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try { json = JSON.parse(body); } catch { /* kept as text */ }
        receiver.received.push({ headers: req.headers, body, json });
        res.writeHead(receiver.status, { 'content-type': 'text/plain' }).end('ok');
      });
    });
    server.once('error', fail);
    server.listen(p, '127.0.0.1', () => done());
  });
  await listen(0);
  const port = (server!.address() as AddressInfo).port;
  receiver.url = `http://127.0.0.1:${port}${path}`;
  return receiver;
}
