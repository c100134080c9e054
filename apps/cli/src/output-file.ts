import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { finished } from 'node:stream/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { cliError } from './cli-error.js';

/**
 * A device or a pipe: written as it is, since it holds no file to keep or replace. Whatever is under /dev counts, as
 * `/dev/stdout` stands for a file too when the shell redirects standard output into one.
 */
const isDeviceOrPipe = (path: string): boolean => {
  if (resolve(path).startsWith('/dev/')) return true;
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat !== undefined && !stat.isFile() && !stat.isDirectory();
};

/**
 * Checks an output path before any work is done: a directory, or a file in a directory that does not exist, is
 * refused naming the path given (not the temporary file it would have been written through); so is a file that exists,
 * unless `force` (what --force says): output never replaces a file by surprise.
 */
export function assertNewOutput(file: string, options: { force?: boolean; hint?: string } = {}): void {
  if (isDeviceOrPipe(file)) return;
  const path = resolve(file);
  if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) throw cliError('NOT_A_FILE', `${path} is a directory; give the name of a file to write`);
  if (!statSync(dirname(path), { throwIfNoEntry: false })?.isDirectory()) throw cliError('DIRECTORY_NOT_FOUND', `${dirname(path)} is not a directory; nothing was written`);
  if (!options.force && existsSync(path)) throw cliError('CONFLICT', `${path} already exists; choose a new file name${options.hint ? ` ${options.hint}` : ''}`);
}

/**
 * Makes `dest` through `write`, which writes a temporary file in the same directory (so the rename stays on one file
 * system and is atomic). Only when `write` succeeds is the file renamed to `dest`, with the `companions` (suffixes of
 * files that belong with it, such as SQLite's `-wal`) that exist; otherwise all of them are removed. So `dest` either
 * keeps what it held or gets the complete output, never a truncated one.
 */
export async function writeThroughTemporary<T>(dest: string, write: (temporary: string) => Promise<T>, companions: readonly string[] = []): Promise<T> {
  const temporary = join(dirname(resolve(dest)), `.${basename(dest)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const result = await write(temporary);
    // A companion left from an earlier file of that name does not belong with the new one.
    for (const suffix of companions) {
      if (existsSync(temporary + suffix)) renameSync(temporary + suffix, resolve(dest) + suffix);
      else rmSync(resolve(dest) + suffix, { force: true });
    }
    renameSync(temporary, resolve(dest));
    return result;
  } catch (error) {
    for (const suffix of ['', ...companions]) rmSync(temporary + suffix, { force: true });
    throw error;
  }
}

/**
 * Streams output into the file `dest` with `write` (the stream is ended and flushed after it): through a temporary
 * file (`writeThroughTemporary`), or straight into a device or pipe.
 */
export async function writeOutputFile<T>(dest: string, write: (out: NodeJS.WritableStream) => Promise<T>): Promise<T> {
  const into = async (path: string, flags: string) => {
    const out = createWriteStream(path, { flags });
    try {
      const result = await write(out);
      out.end();
      await finished(out);
      return result;
    } finally {
      out.destroy();
      // The file is opened asynchronously: a failure before the open completed would otherwise leave the file created
      // after the caller removed it (a temporary file left behind). Its close comes after the open.
      if (!out.closed) await new Promise<void>((done) => out.once('close', () => done()));
    }
  };
  return isDeviceOrPipe(dest) ? into(dest, 'w') : writeThroughTemporary(dest, (temporary) => into(temporary, 'wx'));
}
