import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One call the write log recorded (see write-log.c): `start` and `ns` are CLOCK_MONOTONIC when it began and returned.
 * `file` names the OPEN that gave the descriptor.
 */
export type LoggedCall = { start: bigint; ns: bigint } & (
  | { op: 'open'; file: string; path: string; flags: number }
  | { op: 'write'; file: string; offset: number; data: Buffer }
  | { op: 'sync'; file: string }
  | { op: 'truncate'; file: string; length: number }
  | { op: 'allocate'; file: string; length: number }
  | { op: 'unlink'; path: string }
  | { op: 'rename'; from: string; to: string }
  | { op: 'link'; from: string; to: string });

const SOURCE = fileURLToPath(new URL('./write-log.c', import.meta.url));
const HEADER = 48;

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

/**
 * The recorded calls in the order they returned (several processes append to one log, each record when its call
 * returned, so the file is nearly in that order already); a record cut short by the kill is dropped.
 */
export function readWriteLog(path: string): LoggedCall[] {
  const bytes = readFileSync(path);
  const calls: LoggedCall[] = [];
  for (let at = 0; at + HEADER <= bytes.length;) {
    const op = bytes.readUInt32LE(at);
    const file = bytes.readBigInt64LE(at + 8).toString(16);
    const offset = Number(bytes.readBigInt64LE(at + 16));
    const length = Number(bytes.readBigUInt64LE(at + 24));
    const times = { start: bytes.readBigUInt64LE(at + 32), ns: bytes.readBigUInt64LE(at + 40) };
    const end = at + HEADER + length;
    if (end > bytes.length) break;
    const body = bytes.subarray(at + HEADER, end);
    at = end;
    const paths = () => { const zero = body.indexOf(0); return { from: body.subarray(0, zero).toString('utf8'), to: body.subarray(zero + 1).toString('utf8') }; };
    if (op === 1) calls.push({ op: 'open', file, path: body.toString('utf8'), flags: offset, ...times });
    else if (op === 2) calls.push({ op: 'write', file, offset, data: body, ...times });
    else if (op === 3) calls.push({ op: 'sync', file, ...times });
    else if (op === 4) calls.push({ op: 'truncate', file, length: offset, ...times });
    else if (op === 5) calls.push({ op: 'unlink', path: body.toString('utf8'), ...times });
    else if (op === 6) calls.push({ op: 'rename', ...paths(), ...times });
    else if (op === 7) calls.push({ op: 'allocate', file, length: offset, ...times });
    else if (op === 8) calls.push({ op: 'link', ...paths(), ...times });
    else throw new Error(`write log: unknown record ${op} before byte ${at}`);
  }
  // Stable: calls of one process that returned in the same nanosecond keep their order.
  return calls.sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : 0));
}
