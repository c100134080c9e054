import { AppError } from '@custodia/contracts';
import { SaxesParser } from 'saxes';
import type { InventoryLimits } from './limits.js';
import { cleanText } from './text.js';

/** One element of a parsed document. Names are local names (a namespace prefix is dropped); text is cleaned. */
export interface XmlElement {
  name: string;
  /** Attribute values by local name (cleaned); a null-prototype object. */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element (CDATA included), after `cleanText`. */
  text: string;
}

/** Declarations that only exist in a DTD. Matched case-insensitively, so `<!doctype` is refused too. */
const DTD_DECLARATION = /<!\s*(doctype|entity|attlist|element|notation)\b/i;
/** Characters XML 1.0 forbids outright; some agents still emit them in free-text fields, so they are dropped. */
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

const BETWEEN_TAGS = />\s+</g;

/** Shared by every element without attributes or children (most of an inventory): fewer objects, less GC. */
const NO_ATTRIBUTES: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/**
 * Parses a whole XML document into a small element tree with the saxes streaming parser, refusing what an
 * inventory never needs:
 * - any DTD or entity declaration → INVENTORY_DTD_NOT_ALLOWED, before the parser runs (so no entity is expanded
 *   and nothing is fetched: saxes itself never reads files or the network, and knows only the predefined entities);
 * - more than `maxElements` elements plus attributes, nesting deeper than `maxDepth`, or a text or attribute
 *   longer than `maxStringLength` → INVENTORY_TOO_COMPLEX, detected while parsing (before the tree grows further);
 * - anything not well-formed (also an undefined entity) → INVENTORY_MALFORMED with the line and column.
 * Predefined entities and character references are decoded; text is cleaned with `cleanText`.
 */
export function parseXml(text: string, limits: InventoryLimits): XmlElement {
  const source = text.replace(FORBIDDEN_CHARACTERS, '');
  const dtd = DTD_DECLARATION.exec(source);
  if (dtd !== null) throw dtdNotAllowed();
  // Agents pretty-print: whitespace between tags is a third of the document and all of it insignificant (every text
  // is trimmed). Dropping it first spares the parser a text node per line. Not when CDATA could hold such a run.
  const compact = source.includes('<![CDATA[') ? source : source.replace(BETWEEN_TAGS, '><');
  try {
    // Tracking lines and columns costs about a fifth of the parse: only a refused document needs them.
    return build(compact, limits, false);
  } catch {
    // The same error again, from the document as sent, so its line and column are the sender's.
    return build(source, limits, true);
  }
}

function build(source: string, limits: InventoryLimits, position: boolean): XmlElement {
  const parser = new SaxesParser({ position });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let nodes = 0;
  const count = (): void => {
    if (++nodes > limits.maxElements) {
      throw new AppError('INVENTORY_TOO_COMPLEX', `The document has more than ${limits.maxElements} elements and attributes`, {
        extra: { line: parser.line, limit: limits.maxElements },
      });
    }
  };
  const checkLength = (length: number, what: string): void => {
    if (length > limits.maxStringLength) {
      throw new AppError('INVENTORY_TOO_COMPLEX', `${what} is longer than ${limits.maxStringLength} characters (line ${parser.line})`, {
        extra: { line: parser.line, limit: limits.maxStringLength },
      });
    }
  };
  const appendText = (data: string): void => {
    const open = stack[stack.length - 1];
    if (open === undefined) return; // whitespace around the root element
    open.text += data;
    if (open.text.length > limits.maxStringLength) checkLength(open.text.length, `The text of <${open.name}>`);
  };

  parser.on('doctype', () => {
    throw dtdNotAllowed();
  });
  parser.on('opentagstart', (tag) => {
    count();
    if (stack.length + 1 > limits.maxDepth) {
      throw new AppError('INVENTORY_TOO_COMPLEX', `Elements are nested more than ${limits.maxDepth} levels deep (line ${parser.line})`, {
        extra: { line: parser.line, limit: limits.maxDepth },
      });
    }
    const element: XmlElement = { name: localName(tag.name), attributes: NO_ATTRIBUTES, children: NO_CHILDREN, text: '' };
    const parent = stack[stack.length - 1];
    if (parent === undefined) root = element;
    else if (parent.children === NO_CHILDREN) parent.children = [element];
    else parent.children.push(element);
    stack.push(element);
  });
  parser.on('attribute', (attribute) => {
    count();
    if (attribute.value.length > limits.maxStringLength) checkLength(attribute.value.length, `The attribute ${attribute.name}`);
    const open = stack[stack.length - 1];
    if (open === undefined) return;
    if (open.attributes === NO_ATTRIBUTES) open.attributes = Object.create(null) as Record<string, string>;
    open.attributes[localName(attribute.name)] = cleanText(attribute.value);
  });
  parser.on('text', appendText);
  parser.on('cdata', appendText);
  parser.on('closetag', () => {
    const open = stack.pop();
    if (open !== undefined) open.text = open.text === '' ? '' : cleanText(open.text);
  });

  try {
    parser.write(source).close();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const message = (err as Error).message;
    const { line, column } = parser;
    throw new AppError('INVENTORY_MALFORMED', `The XML is not well-formed: ${message}`, {
      errors: [{ code: 'xml_not_well_formed', message, line, column: String(column) }],
      extra: { line, column },
    });
  }
  if (root === undefined) throw new AppError('INVENTORY_MALFORMED', 'The XML document has no root element');
  return root;
}

function dtdNotAllowed(): AppError {
  return new AppError('INVENTORY_DTD_NOT_ALLOWED', 'The inventory declares a DTD or entities, which are not accepted', {
    securityNote: 'XML with a DTD or entity declaration (XXE / entity expansion attempt or a misconfigured agent)',
  });
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon === -1 ? name : name.slice(colon + 1);
}

/** The first child element with this name. */
export function childNamed(element: XmlElement | undefined, name: string): XmlElement | undefined {
  return element?.children.find((child) => child.name === name);
}

/** Every child element with this name, in document order. */
export function childrenNamed(element: XmlElement | undefined, name: string): XmlElement[] {
  return element === undefined ? [] : element.children.filter((child) => child.name === name);
}

/**
 * The text of a child element, or null when it is missing or empty, or is not a text element (it has elements
 * inside it): a wrong shape counts as missing rather than failing.
 */
export function childText(element: XmlElement | undefined, name: string): string | null {
  const child = childNamed(element, name);
  if (child === undefined || child.children.length > 0 || child.text === '') return null;
  return child.text;
}

export type DocumentSyntax = 'xml' | 'json' | 'csv' | 'unknown';

/**
 * What a decoded document looks like from its first non-blank character (as GLPI's `guessMode` does for XML and
 * JSON): `<` → xml, `{` or `[` → json; a first line that reads like a CSV header (words separated by `,` `;` or TAB,
 * or a single word) → csv; anything else → unknown.
 */
export function sniffDocument(text: string): DocumentSyntax {
  const start = text.replace(/^[\uFEFF\s]+/, '').slice(0, 64 * 1024);
  const first = start[0];
  if (first === undefined) return 'unknown';
  if (first === '<') return 'xml';
  if (first === '{' || first === '[') return 'json';
  const line = start.split(/\r?\n/, 1)[0] ?? '';
  const cells = line.split(/[,;\t]/).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
  const headerLike = cells.every((cell) => cell === '' || /^[\p{L}\p{N}_][\p{L}\p{N} _.()\/-]*$/u.test(cell));
  return headerLike && cells.some((cell) => cell !== '') ? 'csv' : 'unknown';
}
