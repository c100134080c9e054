import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryLimits } from './limits.js';
import { childNamed, childrenNamed, childText, parseXml, sniffDocument } from './safe-xml.js';
import { failure } from '../../test-fixtures/inventories/support.js';

const limits = inventoryLimits();


describe('parseXml', () => {
  it('builds an element tree with cleaned text and attributes', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<REQUEST a=" x "><CONTENT>\n  <NAME>  vm \r\n</NAME><NAME>two</NAME>\n</CONTENT><!-- c --><EMPTY/></REQUEST>',
      limits,
    );
    expect(root.name).toBe('REQUEST');
    expect(root.attributes['a']).toBe('x');
    const content = childNamed(root, 'CONTENT');
    expect(content?.text).toBe('');
    expect(childrenNamed(content, 'NAME').map((e) => e.text)).toEqual(['vm', 'two']);
    expect(childText(content, 'NAME')).toBe('vm');
    expect(childText(root, 'EMPTY')).toBeNull();
    expect(childText(root, 'MISSING')).toBeNull();
    expect(childText(root, 'CONTENT')).toBeNull(); // an element where text is expected counts as missing
  });

  it('decodes predefined entities, character references and CDATA', () => {
    const root = parseXml('<A>&lt;script&gt; &amp; &quot;q&quot; &apos;a&apos; &#233;&#x263A; <![CDATA[<b>&amp;</b>]]></A>', limits);
    expect(root.text).toBe(`<script> & "q" 'a' é☺ <b>&amp;</b>`);
  });

  it('removes control characters, normalises to NFC and drops namespace prefixes', () => {
    const root = parseXml('<x:A xmlns:x="urn:x">e\u0301\u0001\u0085z&#9;</x:A>', limits);
    expect(root.name).toBe('A');
    expect(root.text).toBe('éz');
  });

  it('stores SQL and markup literally (AG-03)', () => {
    const root = parseXml(`<A><N>x' OR SLEEP(5)-- </N><S>&lt;script&gt;alert(1)&lt;/script&gt;</S></A>`, limits);
    expect(childText(root, 'N')).toBe(`x' OR SLEEP(5)--`);
    expect(childText(root, 'S')).toBe('<script>alert(1)</script>');
  });

  it('reports a document that is not well-formed with its line and column', () => {
    const err = failure(() => parseXml('<A>\n  <B>x</C>\n</A>', limits));
    expect([err.code, err.status]).toEqual(['INVENTORY_MALFORMED', 400]);
    expect(err.errors[0]?.line).toBe(2);
    expect(err.errors[0]?.column).toMatch(/^\d+$/);
    expect(err.message).toContain('2:');
  });

  it.each([
    ['unclosed', '<A><B></B>'],
    ['empty', ''],
    ['two roots', '<A/><B/>'],
    ['text after the root', '<A/>junk'],
    ['an undefined entity', '<A>&nbsp;</A>'],
    ['a disallowed character reference', '<A>&#1;</A>'],
    ['a bare ampersand', '<A>a & b</A>'],
  ])('refuses %s as INVENTORY_MALFORMED', (_what, xml) => {
    expect(failure(() => parseXml(xml, limits)).code).toBe('INVENTORY_MALFORMED');
  });

  describe('DTDs (AG-06)', () => {
    let server: Server;
    let hits = 0;
    let base = '';
    beforeAll(async () => {
      server = createServer((_req, res) => {
        hits++;
        res.end('<!ENTITY x "fetched">');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise((resolve) => server.close(resolve));
    });

    it('refuses an external entity on file:///etc/passwd without reading it', () => {
      const xxe = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><REQUEST><QUERY>&xxe;</QUERY></REQUEST>';
      const err = failure(() => parseXml(xxe, limits));
      expect([err.code, err.status]).toEqual(['INVENTORY_DTD_NOT_ALLOWED', 400]);
      expect(err.message).not.toContain('root:');
      expect(JSON.stringify(err)).not.toContain('root:');
    });

    it('refuses an external DTD or entity on the network without fetching it', async () => {
      for (const xml of [
        `<!DOCTYPE REQUEST SYSTEM "${base}/evil.dtd"><REQUEST/>`,
        `<!DOCTYPE r [<!ENTITY % p SYSTEM "${base}/p.dtd"> %p;]><REQUEST>&x;</REQUEST>`,
        `<!DOCTYPE REQUEST PUBLIC "-//X//EN" "${base}/public.dtd"><REQUEST/>`,
      ]) {
        expect(failure(() => parseXml(xml, limits)).code).toBe('INVENTORY_DTD_NOT_ALLOWED');
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(hits).toBe(0);
    });

    it('refuses billion laughs quickly, without expanding anything', () => {
      const entities = ['<!ENTITY lol "lol">'];
      for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
      const xml = `<?xml version="1.0"?><!DOCTYPE lolz [${entities.join('')}]><lolz>&lol9;</lolz>`;
      const started = performance.now();
      expect(failure(() => parseXml(xml, limits)).code).toBe('INVENTORY_DTD_NOT_ALLOWED');
      expect(performance.now() - started).toBeLessThan(500);
    });

    it.each([
      ['lower-case doctype', '<!doctype a><a/>'],
      ['an entity declaration alone', '<a><!ENTITY x "y"></a>'],
      ['a doctype hidden by a control character', '<!DOC\u0001TYPE a SYSTEM "file:///etc/passwd"><a/>'],
      ['a doctype after a comment', '<!-- hi --><!DOCTYPE a><a/>'],
    ])('refuses %s', (_what, xml) => {
      expect(failure(() => parseXml(xml, limits)).code).toBe('INVENTORY_DTD_NOT_ALLOWED');
    });
  });

  describe('caps', () => {
    it('refuses 10,000 levels of nesting with INVENTORY_TOO_COMPLEX (AG-06)', () => {
      const xml = '<a>'.repeat(10_000) + '</a>'.repeat(10_000);
      const err = failure(() => parseXml(xml, limits));
      expect([err.code, err.status]).toEqual(['INVENTORY_TOO_COMPLEX', 400]);
    });

    it('accepts nesting up to maxDepth and refuses one more level', () => {
      const nest = (depth: number): string => '<a>'.repeat(depth) + '</a>'.repeat(depth);
      expect(parseXml(nest(64), limits).name).toBe('a');
      expect(failure(() => parseXml(nest(65), limits)).code).toBe('INVENTORY_TOO_COMPLEX');
    });

    it('counts elements and attributes', () => {
      const small = inventoryLimits({ maxElements: 10 });
      expect(parseXml(`<r>${'<e/>'.repeat(9)}</r>`, small).children).toHaveLength(9);
      expect(failure(() => parseXml(`<r>${'<e/>'.repeat(10)}</r>`, small)).code).toBe('INVENTORY_TOO_COMPLEX');
      expect(failure(() => parseXml(`<r ${Array.from({ length: 10 }, (_, i) => `a${i}="1"`).join(' ')}/>`, small)).code).toBe(
        'INVENTORY_TOO_COMPLEX',
      );
    });

    it('refuses a text or attribute longer than maxStringLength', () => {
      const small = inventoryLimits({ maxStringLength: 100 });
      expect(parseXml(`<r>${'x'.repeat(100)}</r>`, small).text).toHaveLength(100);
      expect(failure(() => parseXml(`<r>${'x'.repeat(101)}</r>`, small)).code).toBe('INVENTORY_TOO_COMPLEX');
      expect(failure(() => parseXml(`<r a="${'x'.repeat(101)}"/>`, small)).code).toBe('INVENTORY_TOO_COMPLEX');
    });
  });
});

describe('sniffDocument', () => {
  it.each([
    ['<?xml version="1.0"?><REQUEST/>', 'xml'],
    ['\uFEFF\n  <REQUEST/>', 'xml'],
    ['{"action":"contact"}', 'json'],
    ['  [1,2]', 'json'],
    ['hostname,serial,mac\nvm,1,02:fc:00:00:00:01', 'csv'],
    ['"Host Name";Serial\r\n', 'csv'],
    ['hostname\nvm', 'csv'],
    ['SPDXVersion: SPDX-2.3', 'unknown'],
    ['%PDF-1.7', 'unknown'],
    ['', 'unknown'],
  ])('%j → %s', (text, syntax) => {
    expect(sniffDocument(text)).toBe(syntax);
  });
});
