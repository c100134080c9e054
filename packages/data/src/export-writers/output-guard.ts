import { setImmediate as nextMacrotask } from 'node:timers/promises';

/**
 * Watches a destination stream that is written to indirectly (the XLSX zip
 * pipes into it), so that a writer can apply backpressure and notice failure.
 *
 * Why: exceljs pipes its zip into `out` but neither reports `out` errors while
 * rows are added nor slows the caller down. Without this a client that
 * disconnects would leave the export running (or waiting for a 'finish' that
 * never comes) with its database cursor open, and a slow client would make the
 * zip buffer the whole file in memory.
 */
export class OutputGuard {
  readonly #out: NodeJS.WritableStream;
  #failure: Error | undefined;
  #finished = false;
  readonly #failed: Promise<never>;
  #fail!: (error: Error) => void;

  constructor(out: NodeJS.WritableStream) {
    this.#out = out;
    this.#failed = new Promise<never>((_, reject) => {
      this.#fail = (error) => {
        this.#failure ??= error;
        reject(this.#failure);
      };
    });
    // Observed through race(); this only keeps an unraced failure from being "unhandled".
    this.#failed.catch(() => undefined);
    out.on('error', this.#onError);
    out.on('close', this.#onClose);
    out.on('finish', this.#onFinish);
  }

  readonly #onError = (error: Error): void => this.#fail(error);
  readonly #onClose = (): void => {
    if (!this.#finished) this.#fail(new Error('export output closed before the export finished'));
  };
  readonly #onFinish = (): void => {
    this.#finished = true;
  };

  /** Throws the output's error, if it has failed. */
  throwIfFailed(): void {
    if (this.#failure) throw this.#failure;
  }

  /**
   * Resolves when it is reasonable to produce more data: after letting pending
   * I/O run, and after 'drain' if `out` has a full buffer. Rejects if `out` fails.
   */
  async ready(): Promise<void> {
    // Yield a macrotask: a source that resolves in microtasks would otherwise
    // keep the zip and `out` from ever running until the whole export is built.
    await this.race(nextMacrotask());
    while (this.#needsDrain()) {
      let onDrain!: () => void;
      const drained = new Promise<void>((resolve) => {
        onDrain = resolve;
        this.#out.once('drain', onDrain);
      });
      try {
        await this.race(drained);
      } finally {
        this.#out.off('drain', onDrain);
      }
    }
  }

  /** Settles like `promise`, unless `out` fails first. */
  race<T>(promise: Promise<T>): Promise<T> {
    this.throwIfFailed();
    return Promise.race([promise, this.#failed]);
  }

  /** Removes the listeners; call once the export is done or abandoned. */
  dispose(): void {
    this.#out.off('error', this.#onError);
    this.#out.off('close', this.#onClose);
    this.#out.off('finish', this.#onFinish);
  }

  #needsDrain(): boolean {
    // NodeJS.WritableStream does not declare writableNeedDrain; stream.Writable has it (Node ≥15.2).
    return (this.#out as { writableNeedDrain?: boolean }).writableNeedDrain === true;
  }
}
