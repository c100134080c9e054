import { Transform, type TransformCallback } from 'node:stream';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Sits between the decoder and csv-parse: re-encodes decoded text as UTF-8 (the unit csv-parse counts in) and keeps
 * the bytes not yet attributed to a record, so that each record's first physical line can be computed from the
 * parser's byte offsets. Line breaks are LF and CRLF, also inside quoted values; blank lines are counted.
 * Memory is bounded by the largest record plus the stream buffers.
 */
export class LineTracker extends Transform {
  private readonly chunks: Buffer[] = [];
  /** Absolute byte offset of chunks[0]. */
  private chunksStart = 0;
  /** Absolute byte offset where the text of the next record (possibly preceded by blank lines) starts. */
  private pos = 0;
  /** Physical line number at `pos`. */
  private line = 1;
  /** A high surrogate held back until its pair arrives, so a pair split between chunks stays intact. */
  private carry = '';

  constructor() {
    super({ decodeStrings: false });
  }

  override _transform(chunk: string | Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    let text = this.carry + (typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
    this.carry = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) {
      this.carry = text.slice(-1);
      text = text.slice(0, -1);
    }
    this.emitText(text);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.emitText(this.carry);
    this.carry = '';
    callback();
  }

  /** Attributes the bytes up to absolute offset `end` to one record and returns the record's first line. */
  recordEnded(end: number): number {
    const { pos, line } = this.skipBlankLines();
    this.line = line + this.countLineFeeds(pos, end);
    this.pos = end;
    while (this.chunks.length > 0 && this.chunksStart + this.chunks[0]!.length <= this.pos) {
      this.chunksStart += this.chunks.shift()!.length;
    }
    return line;
  }

  /** First line of the record the parser is working on (the one after the last record it emitted). */
  pendingRecordLine(): number {
    return this.skipBlankLines().line;
  }

  private emitText(text: string): void {
    if (text === '') return;
    const bytes = Buffer.from(text, 'utf8');
    this.chunks.push(bytes);
    this.push(bytes);
  }

  private skipBlankLines(): { pos: number; line: number } {
    let pos = this.pos;
    let line = this.line;
    for (;;) {
      const byte = this.byteAt(pos);
      if (byte === LF) {
        pos += 1;
      } else if (byte === CR && this.byteAt(pos + 1) === LF) {
        pos += 2;
      } else {
        return { pos, line };
      }
      line++;
    }
  }

  private byteAt(absolute: number): number | undefined {
    let start = this.chunksStart;
    for (const chunk of this.chunks) {
      if (absolute < start + chunk.length) return absolute >= start ? chunk[absolute - start] : undefined;
      start += chunk.length;
    }
    return undefined;
  }

  private countLineFeeds(from: number, to: number): number {
    let count = 0;
    let start = this.chunksStart;
    for (const chunk of this.chunks) {
      const lo = Math.max(from - start, 0);
      const hi = Math.min(to - start, chunk.length);
      for (let i = lo < hi ? chunk.indexOf(LF, lo) : -1; i !== -1 && i < hi; i = chunk.indexOf(LF, i + 1)) count++;
      start += chunk.length;
      if (start >= to) break;
    }
    return count;
  }
}
