import zxingReaderWasm from 'zxing-wasm/reader/zxing_reader.wasm?url';

/** What the scanning page uses of the Barcode Detection API. */
export interface DetectedBarcode { rawValue: string }
export interface BarcodeDetectorLike { detect(source: HTMLVideoElement): Promise<DetectedBarcode[]> }
export interface BarcodeDetectorClass { new (options: { formats: string[] }): BarcodeDetectorLike; getSupportedFormats?: () => Promise<string[]> }

/**
 * The browser's BarcodeDetector where it has one (Chrome on Android, macOS), otherwise the same API implemented with
 * ZXing compiled to WebAssembly (the `barcode-detector` ponyfill): Safari on iPhones, Firefox and desktop Linux have
 * none. The ponyfill and its 1 MB of WebAssembly are loaded only then, from this server (its default is a CDN, which
 * the page's CSP refuses and an offline stockroom cannot reach).
 */
export async function barcodeDetectorClass(): Promise<BarcodeDetectorClass> {
  const native = (window as unknown as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (native) return native;
  const { BarcodeDetector, prepareZXingModule } = await import('barcode-detector/ponyfill');
  prepareZXingModule({ overrides: { locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingReaderWasm : prefix + path) } });
  return BarcodeDetector as unknown as BarcodeDetectorClass;
}
