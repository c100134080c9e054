import { verifyEventChain } from '@custodia/data';
import { openCliContext } from '../cli-context.js';

/** `custodia history verify`: re-computes the hash chain; exit 0 when intact, 3 naming the first broken event. */
export async function historyVerifyCommand(): Promise<boolean> {
  const { database } = await openCliContext();
  try {
    const started = Date.now();
    const report = await verifyEventChain(database.db);
    const seconds = ((Date.now() - started) / 1000).toFixed(2);
    if (report.ok) {
      process.stdout.write(`History intact: ${report.events} events verified in ${seconds}s; head ${report.headHash}\n`);
      return true;
    }
    process.stdout.write(`History BROKEN at event ${report.break.seq} (${report.break.kind}): ${report.break.message}. ${report.events} events before it verified.\n`);
    process.exitCode = 3;
    return false;
  } finally {
    await database.close();
  }
}
