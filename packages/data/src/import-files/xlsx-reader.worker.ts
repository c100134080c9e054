import { parentPort, workerData } from 'node:worker_threads';
import { ImportFileError } from './errors.js';
import type { AliasIndex } from './header.js';
import type { Limits } from './options.js';
import { readXlsxInThisThread } from './xlsx-reader.js';
import { type FromReader, READ_BATCH_ROWS } from './xlsx-reader-thread.js';

/**
 * The thread that reads a workbook for `readXlsx`: it sends rows in batches, one batch per credit the reading side
 * grants (so a slow import never lets rows pile up here), then `end`, or the error that stopped it.
 */
const { path, index, limits } = workerData as { path: string; index: AliasIndex; limits: Limits };
const port = parentPort!;
let credits = 0;
let granted: (() => void) | null = null;
port.on('message', () => {
  credits++;
  granted?.();
  granted = null;
});

let answered = false;
const send = (message: FromReader) => {
  if (message.type !== 'rows') answered = true;
  port.postMessage(message);
};

/** The error that ends the reading, as the reading side revives it; once an answer is sent, later errors are ignored. */
const fail = (error: unknown) => {
  if (answered) return;
  const e = error instanceof ImportFileError ? error : new ImportFileError('IMPORT_MALFORMED_XLSX', 'The file is not a readable .xlsx workbook');
  send({ type: 'error', code: e.code, message: e.message, ...(e.line !== undefined ? { line: e.line } : {}), ...(e.column !== undefined ? { column: e.column } : {}) });
};
// The parser's streams can still fail after the answer was sent (closed early, after a refused cell). Uncaught, such
// a late error would reach the reading side as a crash, possibly before the answer itself.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

async function run(): Promise<void> {
  let batch: FromReader & { type: 'rows' } = { type: 'rows', rows: [] };
  const flush = async () => {
    while (credits === 0) await new Promise<void>((resolve) => { granted = resolve; });
    credits--;
    send(batch);
    batch = { type: 'rows', rows: [] };
  };
  try {
    for await (const row of readXlsxInThisThread(path, index, limits)) {
      batch.rows.push(row);
      if (batch.rows.length >= READ_BATCH_ROWS) await flush();
    }
    if (batch.rows.length > 0) await flush();
    send({ type: 'end' });
  } catch (error) {
    fail(error);
  }
}

void run();
