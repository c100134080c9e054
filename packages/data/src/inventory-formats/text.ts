import iconv from 'iconv-lite';
import { detectEncoding, HEAD_BYTES, iconvCodec, type TextEncoding } from '../import-files/encoding.js';

/** C0 and C1 control characters except TAB and LF (CR goes too: CRLF becomes LF). */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;
/** Anything but TAB, LF and printable ASCII. */
const NOT_PLAIN = /[^\t\n\x20-\x7e]/;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The form every string of an inventory takes: control characters other than TAB and LF removed, unpaired UTF-16
 * surrogates (only JSON can carry them) replaced by U+FFFD, NFC-normalised, trimmed. Nothing else is altered:
 * quotes, `<script>` and SQL stay literal (they are data; escaping is the job of whoever renders or queries them).
 */
export function cleanText(value: string): string {
  // Nearly every value of an inventory is printable ASCII: nothing to remove, replace or normalise.
  if (!NOT_PLAIN.test(value)) return value.trim();
  return value.replace(CONTROL_CHARACTERS, '').replace(LONE_SURROGATES, '\uFFFD').normalize('NFC').trim();
}

/** `cleanText`, with an empty result as null. */
export function textOrNull(value: string): string | null {
  const text = cleanText(value);
  return text === '' ? null : text;
}

/** Single-byte encodings an XML declaration may name (agents on old Windows builds); everything else is read as UTF-8. */
const SINGLE_BYTE = /^(iso-?8859-(1|15)|latin-?1|windows-125[02]|cp125[02]|us-ascii|ascii)$/i;

/**
 * Decodes a document's bytes to text. A byte-order mark or the NUL pattern of UTF-16 decides first; then an XML
 * declaration naming a single-byte encoding; then UTF-8, except that Windows-1252 is used when the start of the
 * document is not UTF-8 but is valid Windows-1252 (as the CSV import decides) and the text holds more broken
 * sequences than well-formed non-ASCII characters. Otherwise bad bytes become U+FFFD rather than refusing the
 * document, so one broken software comment does not lose a whole inventory.
 */
export function decodeText(bytes: Buffer): string {
  let guess: TextEncoding | null;
  try {
    guess = detectEncoding(bytes.subarray(0, HEAD_BYTES));
  } catch {
    guess = null;
  }
  if (guess === 'utf8bom' || guess === 'utf16le' || guess === 'utf16be') return iconv.decode(bytes, iconvCodec(guess));
  const declared = declaredEncoding(bytes);
  if (declared !== null && SINGLE_BYTE.test(declared) && iconv.encodingExists(declared)) return iconv.decode(bytes, declared);
  const utf8 = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (guess !== 'windows1252') return utf8;
  // Not valid UTF-8: Windows-1252 unless the text is mostly well-formed UTF-8 with a few broken bytes.
  let broken = 0;
  let wellFormed = 0;
  for (let i = 0; i < utf8.length; i++) {
    const code = utf8.charCodeAt(i);
    if (code === 0xfffd) broken++;
    else if (code > 0x7f) wellFormed++;
  }
  return wellFormed > broken ? utf8 : iconv.decode(bytes, 'windows-1252');
}

/** The `encoding` of an XML declaration at the very start of the bytes, if any. */
function declaredEncoding(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 200).toString('latin1');
  const match = /^<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']/.exec(head);
  return match?.[1] ?? null;
}
