/**
 * Work in flight, counted per key (an account, or one shared key), refused beyond a limit. Each admission returns its
 * own release, which counts once however often it is called: a response can end by finishing, by its client going
 * away, or by an error, and several of those may fire.
 */
export class ConcurrencyGate {
  private readonly running = new Map<string, number>();

  constructor(readonly limit: number) {}

  /** Admits one more piece of work for `key`, or answers null when `key` is at the limit. */
  enter(key = ''): (() => void) | null {
    const now = this.running.get(key) ?? 0;
    if (now >= this.limit) return null;
    this.running.set(key, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.running.get(key) ?? 1) - 1;
      if (left > 0) this.running.set(key, left); else this.running.delete(key);
    };
  }

  /** How many are in flight for `key`. */
  count(key = ''): number {
    return this.running.get(key) ?? 0;
  }
}
