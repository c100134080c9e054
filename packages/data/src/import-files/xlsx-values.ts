import type { Cell } from 'exceljs';
import { ImportFileError } from './errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Where a cell sits, for messages. */
export interface CellPlace {
  line: number;
  column: string;
}

/**
 * The text of a worksheet cell. Strings as stored; numbers in their JavaScript string form; dates as YYYY-MM-DD
 * (UTC); booleans as 'true'/'false'; rich text concatenated; formulas as their cached result (never evaluated).
 * Error values and formulas without a usable cached result are refused rather than guessed.
 */
export function cellText(cell: Cell, date1904: boolean, place: CellPlace): string {
  const value = cell.value;
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return numberText(value, cell, date1904, place);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) return dateText(value, cell, place);
  if ('richText' in value) return value.richText.map((run) => run.text ?? '').join('');
  if ('error' in value) throw unsupported(cell, place, `holds the error value ${value.error}`);
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (result === undefined || result === null || (typeof result === 'number' && Number.isNaN(result))) {
      throw unsupported(
        cell,
        place,
        'holds a formula without a stored result (an error such as #N/A, or a workbook that was never recalculated); ' +
          'replace the formula by its value',
      );
    }
    if (typeof result === 'string') return result;
    if (typeof result === 'number') return numberText(result, cell, date1904, place);
    if (typeof result === 'boolean') return result ? 'true' : 'false';
    if (result instanceof Date) return dateText(result, cell, place);
    throw unsupported(cell, place, `holds a formula whose result is the error ${result.error}`);
  }
  if ('hyperlink' in value) return typeof value.text === 'string' ? value.text : '';
  throw unsupported(cell, place, 'holds a value of an unsupported kind');
}

/** A number under a date format is a date serial (the reader converts plain values; formula results arrive raw). */
function numberText(value: number, cell: Cell, date1904: boolean, place: CellPlace): string {
  if (!Number.isFinite(value)) throw unsupported(cell, place, 'holds a number that is not finite');
  if (!isDateFormat(cell.numFmt)) return String(value);
  const epochDays = value - 25569 + (date1904 ? 1462 : 0);
  return dateText(new Date(Math.round(epochDays * DAY_MS)), cell, place);
}

function dateText(date: Date, cell: Cell, place: CellPlace): string {
  const year = date.getUTCFullYear();
  if (Number.isNaN(date.getTime()) || year < 1 || year > 9999) throw unsupported(cell, place, 'holds an invalid date');
  return date.toISOString().slice(0, 10);
}

/** Same rule as the worksheet reader: date/time tokens left after removing [..] and "..." sections. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  return /[ymdhMsb]/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function unsupported(cell: Cell, place: CellPlace, problem: string): ImportFileError {
  return new ImportFileError('IMPORT_CELL_UNSUPPORTED', `Cell ${cell.address} (column "${place.column}") ${problem}`, place);
}
