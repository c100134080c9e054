import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * Samples the process's resident set size every `intervalMs` from a worker thread. A worker, because on SQLite the
 * import runs on the main thread without ever yielding to timers (better-sqlite3 is synchronous), so a setInterval
 * there would not fire until the import is over. RSS is per process, so the worker sees the main thread's memory.
 */
export function startRssSampler(intervalMs = 50) {
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
    /** Starts a new measurement window. */
    reset(): void {
      Atomics.store(shared, 0, now());
      Atomics.store(shared, 1, 0);
    },
    /** Peak RSS in bytes since the last reset, and how many samples it is based on. */
    peak(): { bytes: number; samples: number } {
      return { bytes: Math.max(Atomics.load(shared, 0), now()) * 1024, samples: Atomics.load(shared, 1) };
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
