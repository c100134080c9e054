import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import cliProgress from 'cli-progress';
import { type IngestItem, ingestInventories, readDiscoverySettings } from '@custodia/core';
import { type InventoryLimits, inventoryLimits, readInventoryDocument } from '@custodia/data';
import { openCliContext } from '../cli-context.js';
import { cliError } from '../cli-error.js';
import { errorText } from '../report-error.js';

const INVENTORY_FILE = /\.(xml|ocs|json|csv|cdx|spdx|gz|zlib)$/i;

/**
 * The files to import: each file given, and every inventory-looking file of each directory given (not recursive). A
 * path that cannot be read (missing, no permission) is listed apart, as a failure of its own.
 */
export function inventoryFiles(paths: readonly string[]): { files: string[]; unreadable: { path: string; error: unknown }[] } {
  const files: string[] = [];
  const unreadable: { path: string; error: unknown }[] = [];
  for (const p of paths) {
    try {
      if (statSync(p).isDirectory()) files.push(...readdirSync(p).filter((f) => INVENTORY_FILE.test(f)).sort().map((f) => join(p, f)));
      else files.push(p);
    } catch (error) {
      unreadable.push({ path: p, error });
    }
  }
  return { files, unreadable };
}

/** An inventory file's bytes, refused from its size alone when no cap could accept it (nothing of it is read then). */
function readInventoryFile(file: string, limits: InventoryLimits): Buffer {
  const cap = Math.max(limits.maxCompressedBytes, limits.maxDecompressedBytes);
  const { size } = statSync(file);
  if (size > cap) throw cliError('PAYLOAD_TOO_LARGE', `The file is ${size} bytes; at most ${cap} are accepted`);
  return readFileSync(file);
}

/**
 * `custodia inventory import <files|dir>`: agent XML, GLPI JSON, CSV discovery feeds and CycloneDX / SPDX SBOMs go
 * through the same ingestion as the agents' endpoint (reconciliation, field authority, discrepancies, evidence). A path
 * or file that cannot be read is reported and the others go on; the exit code says whether any failed, or whether
 * there was nothing to import.
 */
export async function inventoryImportCommand(paths: string[], options: { progress: boolean }): Promise<{ files: number; failed: number; outcomes: Record<string, number> }> {
  const { files, unreadable } = inventoryFiles(paths);
  for (const { error } of unreadable) process.stderr.write(`${errorText(error)}\n`);
  if (!files.length) throw cliError('NOTHING_TO_IMPORT', `No inventory file in ${paths.join(', ')} (names ending in .xml, .ocs, .json, .csv, .cdx, .spdx, .gz or .zlib)`);
  const { ctx, database } = await openCliContext('agent');
  const limits = inventoryLimits();
  const outcomes: Record<string, number> = {};
  let failed = unreadable.length;
  // A progress bar on a terminal only: piped or logged, standard error carries the files that failed alone.
  const bar = options.progress && process.stderr.isTTY ? new cliProgress.SingleBar({ format: 'inventories {bar} {value}/{total} | {file}', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
  bar?.start(files.length, 0, { file: '' });
  try {
    const settings = await readDiscoverySettings(database.db);
    // Inventories go in batches of up to 200 per transaction; a failing one is rolled back alone and reported.
    let pending: { item: IngestItem; file: string }[] = [];
    const flush = async () => {
      const results = await ingestInventories(ctx, pending.map((p) => p.item), settings);
      results.forEach((r, i) => {
        if (r.ok) outcomes[r.result.outcome] = (outcomes[r.result.outcome] ?? 0) + 1;
        else {
          failed++;
          process.stderr.write(`${pending[i]!.file}: ${r.error instanceof Error ? r.error.message : String(r.error)}\n`);
        }
      });
      pending = [];
    };
    for (const [i, file] of files.entries()) {
      try {
        const bytes = readInventoryFile(file, limits);
        const doc = readInventoryDocument(bytes, { fileName: basename(file), limits });
        for (const snapshot of doc.snapshots) {
          pending.push({ file: basename(file), item: { ctx, receipt: { snapshot, format: doc.kind, payload: doc.snapshots.length === 1 ? bytes : Buffer.from(JSON.stringify(snapshot)), agentTokenId: null, orgUnitId: null, remoteAddress: null } } });
          if (pending.length >= 200) await flush();
        }
      } catch (error) {
        failed++;
        bar?.stop();
        process.stderr.write(`${basename(file)}: ${error instanceof Error ? error.message : String(error)}\n`);
        bar?.start(files.length, i + 1, { file: '' });
      }
      bar?.update(i + 1, { file: basename(file) });
    }
    await flush();
  } finally {
    bar?.stop();
    await database.close();
  }
  const summary = Object.entries(outcomes).map(([k, n]) => `${n} ${k.replace('_', ' ')}`).join(', ') || 'nothing ingested';
  process.stdout.write(`Read ${files.length} file(s): ${summary}${failed ? `; ${failed} file(s) failed` : ''}.\n`);
  return { files: files.length, failed, outcomes };
}
