import { seededRandom } from '@custodia/domain';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import type { LoggedCall } from './write-log.js';

/** Both models of the disk at each cut: it lost every unsynced write, or kept a random part of them. */
export function diskModels(seed: number): { name: string; keep: (index: number) => boolean }[] {
  const random = seededRandom(seed);
  return [
    { name: 'unsynced writes lost', keep: () => false },
    { name: 'some unsynced writes kept', keep: () => random() < 0.5 },
  ];
}

/**
 * Where to cut the power: just before and just after every fsync of the files `always` names (SQLite's database file:
 * the checkpoints, where WAL frames are copied home and the WAL starts over; PostgreSQL's control file), just before
 * and after `sampled` other fsyncs chosen at random, and at the end of the log (the moment of the kill). Ascending,
 * without repeats.
 */
export function cutsOf(calls: readonly LoggedCall[], always: (path: string) => boolean, sampled: number, random: () => number): number[] {
  const fileOf = new Map<string, string>();
  const main: number[] = [];
  const other: number[] = [];
  calls.forEach((call, i) => {
    if (call.op === 'open') fileOf.set(call.file, call.path);
    if (call.op === 'sync') (always(fileOf.get(call.file) ?? '') ? main : other).push(i);
  });
  const chosen = new Set<number>(main);
  while (chosen.size < main.length + Math.min(sampled, other.length)) chosen.add(other[Math.floor(random() * other.length)]!);
  const cuts = new Set<number>([calls.length]);
  for (const i of chosen) { cuts.add(i); cuts.add(i + 1); }
  return [...cuts].sort((a, b) => a - b);
}

/**
 * Writes a crash state's files under `to`, at their places relative to `from`, after creating `directories` (relative
 * paths, parents first); `skip` leaves files out (SQLite's WAL index, a server's pid file: rebuilt at the restart).
 */
export function restore(files: Map<string, Buffer>, from: string, to: string, options: { directories?: readonly string[]; skip?: (path: string) => boolean } = {}): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const d of options.directories ?? []) mkdirSync(join(to, d), { recursive: true });
  for (const [path, bytes] of files) {
    if (options.skip?.(path)) continue;
    const target = join(to, relative(from, path));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, bytes);
  }
}

/**
 * A scratch directory for restored states, in memory when the machine has /dev/shm: a state is tens of megabytes,
 * written and thrown away dozens of times (on this VM's disk, 1.4 s per PostgreSQL state; in memory, 0.08 s).
 */
export const restoreScratch = (prefix: string): string => mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), prefix));
