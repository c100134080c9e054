import type { LoggedCall } from './write-log.js';

/** A file's bytes, growable in place. */
class Image {
  private bytes: Buffer;
  length: number;
  constructor(from: Buffer = Buffer.alloc(0)) {
    this.bytes = Buffer.from(from);
    this.length = from.length;
  }
  write(offset: number, data: Buffer): void {
    const end = offset + data.length;
    if (end > this.bytes.length) {
      const grown = Buffer.alloc(Math.max(end, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, this.length);
      this.bytes = grown;
    }
    // Bytes between the old end and the offset read as zeros (a hole).
    if (offset > this.length) this.bytes.fill(0, this.length, offset);
    data.copy(this.bytes, offset);
    this.length = Math.max(this.length, end);
  }
  truncate(length: number): void {
    if (length > this.length) this.write(length, Buffer.alloc(0));
    this.length = length;
  }
  copy(): Image { return new Image(this.bytes.subarray(0, this.length)); }
  contents(): Buffer { return Buffer.from(this.bytes.subarray(0, this.length)); }
}

type Change = Extract<LoggedCall, { op: 'write' | 'truncate' | 'allocate' }>;
type Pending = { index: number; call: Change };

const O_CREAT = 0o100;

function apply(image: Image, call: Change): void {
  if (call.op === 'write') image.write(call.offset, call.data);
  else if (call.op === 'truncate') image.truncate(call.length);
  else if (image.length < call.length) image.truncate(call.length);
}

/** What a disk may hold after a power cut just after call `at` of the log returned, given which unsynced calls reached it. */
export interface CrashState {
  /** Calls of the log that had returned. */
  at: number;
  /** CLOCK_MONOTONIC time of the last call that had returned: every write acknowledged before it must be there. */
  ns: bigint;
  /** Files by path, as they would be read after the restart. */
  files: Map<string, Buffer>;
  /** Writes and truncations issued but not yet covered by an fsync, and how many of them reached the disk here. */
  unsynced: number;
  kept: number;
}

/**
 * Replays the log once over the files as they were before it began (`initial`), and returns the state at each of
 * the points `cuts` (counts of returned calls, ascending). A power cut keeps what a completed fsync of its file covered
 * (the writes that had returned before the fsync began: with several processes, a write that returned while the fsync
 * ran may have missed it), and of the calls no fsync covered yet, those `keep` chooses (in their order; `() => false`
 * is a cache that lost everything, the strictest case for durability, any other choice a disk that reordered writes
 * between flushes). Creating, renaming and removing files are taken as durable at once (the file system journals its
 * metadata and PostgreSQL and SQLite fsync the directory where it matters).
 */
export function crashStates(initial: Map<string, Buffer>, calls: readonly LoggedCall[], cuts: readonly number[], keep: (index: number) => boolean): CrashState[] {
  const durable = new Map<string, Image>([...initial].map(([path, bytes]) => [path, new Image(bytes)]));
  const pending = new Map<string, Pending[]>();
  const pathOf = new Map<string, string>();
  const states: CrashState[] = [];
  let next = 0;
  const capture = (at: number) => {
    const files = new Map<string, Buffer>();
    let unsynced = 0;
    let kept = 0;
    for (const [path, image] of durable) {
      const queue = pending.get(path) ?? [];
      unsynced += queue.length;
      const chosen = queue.filter((p) => keep(p.index));
      kept += chosen.length;
      if (chosen.length === 0) { files.set(path, image.contents()); continue; }
      const copy = image.copy();
      for (const { call } of chosen) apply(copy, call);
      files.set(path, copy.contents());
    }
    states.push({ at, ns: at === 0 ? 0n : calls[at - 1]!.ns, files, unsynced, kept });
  };
  for (let i = 0; i <= calls.length && next < cuts.length; i++) {
    while (next < cuts.length && cuts[next] === i) capture(cuts[next++]!);
    const call = calls[i];
    if (!call) break;
    if (call.op === 'open') {
      pathOf.set(call.file, call.path);
      // Directories are opened too (to fsync them): only a file the call may have created becomes one.
      if (!durable.has(call.path) && call.flags & O_CREAT) durable.set(call.path, new Image());
    } else if (call.op === 'unlink') {
      durable.delete(call.path);
      pending.delete(call.path);
    } else if (call.op === 'rename') {
      const image = durable.get(call.from);
      // A file written through stdio (whose calls the log does not see; PostgreSQL's relation-cache init files and
      // statistics, both rebuilt after a crash) is renamed over its target: the target is taken as gone.
      if (!image) { durable.delete(call.to); pending.delete(call.to); continue; }
      durable.set(call.to, image);
      durable.delete(call.from);
      pending.set(call.to, pending.get(call.from) ?? []);
      pending.delete(call.from);
      for (const [file, path] of pathOf) if (path === call.from) pathOf.set(file, call.to);
    } else if (call.op === 'link') {
      throw new Error(`write log: call ${i} hard-links ${call.from} to ${call.to}, which this replay does not model`);
    } else {
      const path = pathOf.get(call.file);
      if (path === undefined) throw new Error(`write log: call ${i} on a file never opened`);
      // A file removed while still open: nothing it receives can be read after the restart.
      const image = durable.get(path);
      if (!image) continue;
      if (call.op === 'sync') {
        const queue = pending.get(path) ?? [];
        const covered = queue.filter((p) => p.call.ns < call.start);
        for (const { call: c } of covered) apply(image, c);
        pending.set(path, queue.filter((p) => p.call.ns >= call.start));
      } else {
        const queue = pending.get(path);
        if (queue) queue.push({ index: i, call });
        else pending.set(path, [{ index: i, call }]);
      }
    }
  }
  return states;
}
