import { PassThrough, Writable } from 'node:stream';
import { expect, it } from 'vitest';
import type { ExportColumn } from '@custodia/data';

type Writer = (rows: AsyncIterable<Record<string, unknown>>, columns: ExportColumn[], out: NodeJS.WritableStream) => Promise<number>;

/**
 * What every streaming export writer promises its caller (an HTTP response, a file), declared inside the writer's own
 * `describe`: a failing row source destroys the output; a failing or vanished output closes the row source (its
 * database cursor); and no row is pulled while the output is blocked. Test support, not a test file.
 */
export function itStreamsLikeAnExportWriter(write: Writer, columns: ExportColumn[]): void {
  /** Rows without end, recording whether the consumer closed the source. */
  const endless = () => {
    const state = { closed: false };
    async function* rows() {
      try {
        for (let i = 0; ; i++) yield { tag: `A-${i}`, name: 'x'.repeat(100) };
      } finally {
        state.closed = true;
      }
    }
    return { rows: rows(), state };
  };

  it('rejects and destroys the output when the row source fails', async () => {
    async function* failing() {
      yield { tag: 'A-1' };
      throw new Error('cursor failed');
    }
    const out = new PassThrough();
    out.resume();
    await expect(write(failing(), columns, out)).rejects.toThrow('cursor failed');
    expect(out.destroyed).toBe(true);
  });

  it('rejects and closes the row source when the output fails', async () => {
    const { rows, state } = endless();
    let written = 0;
    const out = new Writable({
      write(_chunk, _encoding, callback) {
        written++;
        callback(written > 2 ? new Error('client went away') : null);
      },
    });
    await expect(write(rows, columns, out)).rejects.toThrow('client went away');
    expect(state.closed).toBe(true);
  }, 30_000);

  it('rejects and closes the row source when the output closes early (client disconnect)', async () => {
    const { rows, state } = endless();
    // Never acknowledges a write, then is destroyed without an error, as an HTTP response is when the client goes away.
    const out = new Writable({ highWaterMark: 1024, write() {} });
    setTimeout(() => out.destroy(), 100);
    await expect(write(rows, columns, out)).rejects.toThrow();
    expect(state.closed).toBe(true);
  }, 30_000);

  it('stops pulling rows while the output is blocked (backpressure)', async () => {
    const total = 100_000;
    let produced = 0;
    async function* generate() {
      for (let i = 0; i < total; i++) {
        produced++;
        yield { tag: `A-${i}`, name: `Laptop ${i}`, notes: 'n', cost: i, active: true, meta: null };
      }
    }
    // A client that stops reading: write callbacks are held until released.
    let released = false;
    const held: (() => void)[] = [];
    const out = new Writable({
      highWaterMark: 16 * 1024,
      write(_chunk, _encoding, callback) {
        if (released) callback();
        else held.push(() => callback());
      },
    });
    const done = write(generate(), columns, out);
    try {
      // Wait until no row has been pulled for 300 ms (the chain of stream buffers in between takes a moment to fill),
      // or the source ran out.
      let last = -1;
      while (produced !== last && produced < total) {
        last = produced;
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      expect(produced).toBeLessThan(total);
    } finally {
      // Released even when an expectation fails, so the export can finish.
      released = true;
      held.splice(0).forEach((callback) => callback());
    }
    expect(await done).toBe(total);
  }, 60_000);
}
