import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * The peak resident set size of this process over a window. On Linux it is the kernel's own high-water mark
 * (`VmHWM`), reset at the start of the window by writing 5 to `/proc/self/clear_refs`: exact (no sample can miss a
 * spike) and free (nothing runs beside the measured code). Elsewhere, or where the reset is not allowed, it falls back
 * to sampling from a worker thread (`startRssSampler`), whose own heap then counts into the figure.
 */
export function startPeakRss(): RssWindow {
  const reset = () => writeFileSync('/proc/self/clear_refs', '5');
  try {
    reset();
    if (vmHwmKib() === null) throw new Error('no VmHWM');
  } catch {
    return startRssSampler();
  }
  let samples = 0;
  return {
    reset(): void { reset(); samples = 0; },
    peak() { samples++; return { bytes: (vmHwmKib() ?? 0) * 1024, samples, method: 'the kernel\'s high-water mark (VmHWM), reset when the import started' }; },
    stop: async () => 0,
  };
}

export interface RssWindow {
  /** Starts a new measurement window. */
  reset(): void;
  /** Peak RSS in bytes since the last reset, how many samples it is based on (1 per call for the kernel's mark), and how it was measured. */
  peak(): { bytes: number; samples: number; method: string };
  stop(): Promise<number>;
}

function vmHwmKib(): number | null {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : null;
}

/**
 * Samples the process's resident set size every `intervalMs` from a worker thread. A worker, because on SQLite the
 * import runs on the main thread without ever yielding to timers (better-sqlite3 is synchronous), so a setInterval
 * there would not fire until the import is over. RSS is per process, so the worker sees the main thread's memory.
 */
export function startRssSampler(intervalMs = 50): RssWindow {
  const shared = new Int32Array(new SharedArrayBuffer(8)); // [peak KiB, samples]
  const code = `
    const { workerData } = require('node:worker_threads');
    const a = new Int32Array(workerData);
    setInterval(() => {
      const kib = Math.round(process.memoryUsage.rss() / 1024);
      if (kib > Atomics.load(a, 0)) Atomics.store(a, 0, kib);
      Atomics.add(a, 1, 1);
    }, ${intervalMs});`;
  const worker = new Worker(code, { eval: true, workerData: shared.buffer });
  worker.unref();
  const now = () => Math.round(process.memoryUsage.rss() / 1024);
  return {
    reset(): void {
      Atomics.store(shared, 0, now());
      Atomics.store(shared, 1, 0);
    },
    peak() {
      const samples = Atomics.load(shared, 1);
      return { bytes: Math.max(Atomics.load(shared, 0), now()) * 1024, samples, method: `sampled every ${intervalMs} ms from a worker thread (${samples} samples)` };
    },
    stop: () => worker.terminate(),
  };
}

/** The kernel's high-water mark of this process's RSS (Linux), else the current RSS. */
export function peakRssOfProcess(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage.rss();
}
