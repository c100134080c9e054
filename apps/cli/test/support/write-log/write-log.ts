import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One call the write log recorded (see write-log.c). `ns` is CLOCK_MONOTONIC when the call returned. */
export type LoggedCall =
  | { op: 'open'; file: number; path: string; ns: bigint }
  | { op: 'write'; file: number; offset: number; data: Buffer; ns: bigint }
  | { op: 'sync'; file: number; ns: bigint }
  | { op: 'truncate'; file: number; length: number; ns: bigint }
  | { op: 'unlink'; path: string; ns: bigint };

const SOURCE = fileURLToPath(new URL('./write-log.c', import.meta.url));
const HEADER = 32;

/**
 * Compiles the write-log library into `dir` with the machine's C compiler (the test set-up's only native build: a
 * missing compiler fails the test, it does not skip it).
 */
export function buildWriteLog(dir: string): string {
  const library = join(dir, 'write-log.so');
  execFileSync('cc', ['-shared', '-fPIC', '-O2', '-Wall', '-Werror', '-o', library, SOURCE, '-ldl'], { stdio: 'pipe' });
  return library;
}

/** Environment that loads the write log into a child process, recording the files whose path starts with `prefix`. */
export const writeLogEnv = (library: string, log: string, prefix: string): Record<string, string> =>
  ({ LD_PRELOAD: library, CUSTODIA_WRITELOG: log, CUSTODIA_WRITELOG_PREFIX: prefix });

/** The recorded calls, in the order the kernel accepted them; a record cut short by the kill is dropped. */
export function readWriteLog(path: string): LoggedCall[] {
  const bytes = readFileSync(path);
  const calls: LoggedCall[] = [];
  for (let at = 0; at + HEADER <= bytes.length;) {
    const op = bytes.readUInt32LE(at);
    const file = bytes.readInt32LE(at + 4);
    const offset = Number(bytes.readBigInt64LE(at + 8));
    const length = Number(bytes.readBigUInt64LE(at + 16));
    const ns = bytes.readBigUInt64LE(at + 24);
    const end = at + HEADER + length;
    if (end > bytes.length) break;
    const body = bytes.subarray(at + HEADER, end);
    at = end;
    if (op === 1) calls.push({ op: 'open', file, path: body.toString('utf8'), ns });
    else if (op === 2) calls.push({ op: 'write', file, offset, data: body, ns });
    else if (op === 3) calls.push({ op: 'sync', file, ns });
    else if (op === 4) calls.push({ op: 'truncate', file, length: offset, ns });
    else if (op === 5) calls.push({ op: 'unlink', path: body.toString('utf8'), ns });
    else throw new Error(`write log: unknown record ${op} at byte ${at}`);
  }
  return calls;
}
