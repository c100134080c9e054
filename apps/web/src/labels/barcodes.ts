import zxingWriterWasm from 'zxing-wasm/writer/zxing_writer.wasm?url';

/** What a label carries for scanners: a QR code (phones, the audit scanning page), a Code 128 barcode (laser scanners), or both. */
export type LabelCodes = 'both' | 'qr' | 'code128';
export type Symbology = 'qr' | 'code128';

type Writer = typeof import('zxing-wasm/writer');
let writer: Promise<Writer> | undefined;

/** ZXing's writer (the library the scanning page reads with), loaded on first use with its WebAssembly from this server. */
function loadWriter(): Promise<Writer> {
  writer ??= import('zxing-wasm/writer').then((module) => {
    module.prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingWriterWasm : prefix + path) } });
    return module;
  });
  return writer;
}

/**
 * An image of the barcode holding `text`, as a `data:` URL of its SVG: shown in an `<img>`, so nothing in it can run
 * (the page's CSP allows `data:` images only).
 */
export async function barcodeImage(text: string, symbology: Symbology): Promise<string | null> {
  // Code 128 holds ISO 8859-1 only: a tag in another script gets its QR code alone (the page says so).
  if (symbology === 'code128' && !CODE128_TEXT.test(text)) return null;
  const { writeBarcode } = await loadWriter();
  const result = await writeBarcode(text, { format: symbology === 'qr' ? 'QRCode' : 'Code128', scale: symbology === 'qr' ? 4 : 2 });
  if (result.error) throw new Error(`No ${symbology === 'qr' ? 'QR code' : 'barcode'} for ${text}: ${result.error}`);
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(result.svg)}`;
}

/** Text Code 128 can hold: ISO 8859-1 characters. */
const CODE128_TEXT = /^[\u0000-\u00ff]*$/;

export const symbologiesOf = (codes: LabelCodes): Symbology[] => (codes === 'both' ? ['qr', 'code128'] : [codes]);
