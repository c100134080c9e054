import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ImportFileError, type ImportFileErrorCode } from './errors.js';
import type { AliasIndex } from './header.js';
import type { Limits, SourceRow } from './options.js';
import { inspectXlsxArchive } from './xlsx-archive.js';
import { readXlsxInThisThread } from './xlsx-reader.js';

/** Rows per message from the reading thread. */
export const READ_BATCH_ROWS = 500;

/** What the reading thread sends. */
export type FromReader =
  | { type: 'rows'; rows: SourceRow[] }
  | { type: 'end' }
  | { type: 'error'; code: ImportFileErrorCode; message: string; line?: number; column?: string };

/** The built worker: next to this file when built; from the sources (tests), the build of the same file. */
function readerWorker(): string | null {
  const candidates = ['./xlsx-reader.worker.js', '../../dist/import-files/xlsx-reader.worker.js'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  return candidates.find((c) => existsSync(c)) ?? null;
}

/**
 * Reads the first worksheet of an XLSX file as rows (security test plan IM-05/06). The archive is inspected here first
 * (sizes, entry count, DTDs, macros: nothing is inflated for that); the sheet's XML is then parsed by a worker thread
 * whose heap is capped (`maxXlsxMemoryMb`) and which is stopped when it works `maxXlsxStallMs` without producing rows.
 * A crafted workbook thus costs at most that memory and time, away from the event loop, and never the server. Without
 * a built worker (sources never compiled) it reads on this thread.
 */
export async function* readXlsx(path: string, index: AliasIndex, limits: Limits): AsyncGenerator<SourceRow> {
  await inspectXlsxArchive(path);
  const file = readerWorker();
  if (file === null) {
    yield* readXlsxInThisThread(path, index, limits);
    return;
  }
  // Workers get no Node options of the parent: a test runner's export conditions would make them load TypeScript.
  const worker = new Worker(file, {
    workerData: { path, index, limits }, execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.maxXlsxMemoryMb, maxYoungGenerationSizeMb: Math.min(32, limits.maxXlsxMemoryMb) },
  });
  const inbox: FromReader[] = [];
  let stopped: ImportFileError | null = null;
  let wake: (() => void) | null = null;
  const notify = () => { wake?.(); wake = null; };
  worker.on('message', (message: FromReader) => { inbox.push(message); notify(); });
  // A crash (out of memory) is followed by 'exit', which wakes the reading side once any message sent before it is in.
  worker.on('error', (error: Error & { code?: string }) => {
    stopped = error.code === 'ERR_WORKER_OUT_OF_MEMORY'
      ? new ImportFileError('IMPORT_FILE_TOO_LARGE', `Reading the workbook needed more than ${limits.maxXlsxMemoryMb} MiB of memory; split it into smaller files or save it as CSV`)
      : new ImportFileError('IMPORT_MALFORMED_XLSX', 'The file is not a readable .xlsx workbook');
  });
  worker.on('exit', () => {
    stopped ??= new ImportFileError('IMPORT_MALFORMED_XLSX', 'The workbook reader stopped before the end of the sheet');
    // Its last messages may still be on their way: they are read first.
    setImmediate(notify);
  });
  try {
    // Two batches in flight: the thread reads the next one while this side works on the last.
    worker.postMessage(1);
    worker.postMessage(1);
    for (;;) {
      const message = inbox.shift() ?? (stopped ? null : await nextMessage(inbox, limits.maxXlsxStallMs, (w) => { wake = w; }));
      if (message === null) throw stopped ?? new ImportFileError('IMPORT_MALFORMED_XLSX', 'The workbook reader stopped before the end of the sheet');
      if (message.type === 'end') return;
      if (message.type === 'error') {
        throw new ImportFileError(message.code, message.message, { ...(message.line !== undefined ? { line: message.line } : {}), ...(message.column !== undefined ? { column: message.column } : {}) });
      }
      worker.postMessage(1);
      // The rows crossed a thread as plain objects; readers promise null-prototype cells.
      for (const row of message.rows) yield { line: row.line, cells: Object.assign(Object.create(null) as Record<string, string>, row.cells) };
    }
  } finally {
    await worker.terminate();
  }
}

/**
 * Waits for the thread's next message; the thread always holds a credit while this waits, so the time is its own.
 * Null when the thread stopped without one; IMPORT_READ_TIMEOUT when it worked too long without producing rows.
 */
function nextMessage(inbox: FromReader[], stallMs: number, onWake: (wake: () => void) => void): Promise<FromReader | null> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new ImportFileError('IMPORT_READ_TIMEOUT', `The workbook took more than ${Math.round(stallMs / 1000)} s to read without producing rows; save it again as .xlsx or CSV`));
    }, stallMs);
    onWake(() => {
      clearTimeout(timer);
      resolve(inbox.shift() ?? null);
    });
  });
}
