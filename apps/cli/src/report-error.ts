/**
 * A reader that stops early (`custodia export assets | head`) closes the pipe, and writing to it then fails with EPIPE.
 * Nothing went wrong and nobody is listening any more: the command ends there, quietly, with the exit code it had.
 */
const isClosedOutput = (error: unknown): boolean => (error as NodeJS.ErrnoException | null)?.code === 'EPIPE';

/** Ends the process quietly when standard output's or standard error's reader has gone; reports any other failure to write to them. */
export function endQuietlyWhenOutputCloses(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: unknown) => {
      if (!isClosedOutput(error)) reportError(error);
      process.exit(process.exitCode ?? 0);
    });
  }
}

/** Prints an error the way a person can act on it, and sets a non-zero exit code. */
export function reportError(error: unknown): void {
  if (isClosedOutput(error)) return;
  const e = error as { extra?: { report?: { problems: { line: number; column?: string; code: string; message: string }[] } } };
  process.stderr.write(`custodia: ${errorText(error)}\n`);
  const problems = e.extra?.report?.problems ?? [];
  for (const p of problems.slice(0, 50)) process.stderr.write(`  line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.code}: ${p.message}\n`);
  if (problems.length > 50) process.stderr.write(`  … and ${problems.length - 50} more (use --report to write them all)\n`);
  process.exitCode = 1;
}

/** An error in one line: a file-system error as `systemMessage` words it, any other as "CODE: message". */
export function errorText(error: unknown): string {
  const e = error as { code?: string; message?: string; syscall?: string; path?: string };
  return systemMessage(e) ?? `${e.code ? `${e.code}: ` : ''}${e.message ?? String(error)}`;
}

/**
 * A file-system error as a person reads it: "data.csv: no such file or directory (ENOENT)" rather than Node's
 * "ENOENT: no such file or directory, open 'data.csv'". Null for any other error.
 */
function systemMessage(e: { code?: string; message?: string; syscall?: string; path?: string }): string | null {
  if (typeof e.syscall !== 'string' || typeof e.code !== 'string') return null;
  const reason = (e.message ?? '').replace(/^[A-Z0-9_]+: /, '').replace(/, [a-z_]+(?: '[^']*')*$/, '');
  return `${e.path ? `${e.path}: ` : ''}${reason} (${e.code})`;
}
