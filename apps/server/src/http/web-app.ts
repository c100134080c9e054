import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** Where `npm run build` puts the web app (apps/web/dist), seen from apps/server/{src,dist}/http. */
export const WEB_DIST = fileURLToPath(new URL('../../../web/dist/', import.meta.url));

/**
 * Content-Security-Policy of the web app's pages: our own scripts only, and WebAssembly compiled from our own files (the
 * barcode reader of the audit scanning page, where the browser has none); inline style attributes (the component
 * library sets them).
 */
export const WEB_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * Serves the built web app on the server's own port: files under /assets/ as they are (hashed names, cached for a
 * year), and index.html for every other page path so the browser router can take over. Returns false when the web
 * app was not built (the API still works).
 */
export async function serveWebApp(app: FastifyInstance, dir = WEB_DIST): Promise<boolean> {
  if (!existsSync(`${dir}index.html`)) return false;
  await app.register(fastifyStatic, {
    root: dir, prefix: '/', wildcard: false, index: false, serve: true, cacheControl: false,
    // Built files carry a content hash in their name: browsers may keep them for good. Everything else is revalidated.
    setHeaders: (res, path) => res.header('Cache-Control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache'),
  });
  return true;
}

/**
 * A built file under /assets/ that appeared after start-up (the web app rebuilt under a running server, as an upgrade
 * in place does): the static plugin only routes the files it found when it started. Plain names only, so no path can
 * leave the directory. Returns the file's path relative to the web app's root, or null.
 */
export function lateBuiltAsset(url: string, dir = WEB_DIST): string | null {
  const match = /^\/assets\/([A-Za-z0-9_-][A-Za-z0-9_.-]*)$/.exec(url.split('?')[0]!);
  return match && existsSync(`${dir}assets/${match[1]}`) ? `assets/${match[1]}` : null;
}

/**
 * A URL's path as a browser, a proxy or the router may read it: percent-decoded, backslashes as slashes, empty and dot
 * segments removed (`//api/v1`, `/%61pi/v1`, `/x/../api/v1` are all `/api/v1`). Null when it cannot be decoded.
 */
export function normalisedPath(url: string): string | null {
  const raw = url.split('?')[0]!;
  let decoded: string;
  try { decoded = decodeURIComponent(raw); } catch { return null; }
  const out: string[] = [];
  for (const segment of decoded.replace(/\\/g, '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') out.pop();
    else out.push(segment);
  }
  return `/${out.join('/')}${out.length && decoded.endsWith('/') ? '/' : ''}`;
}

/**
 * Paths the browser router owns: everything that is not the API, the docs, probes or a file, judged on the normalised
 * path (and whatever its case): a URL that only looks different never gets the web app's page instead of an API answer.
 */
export function isPagePath(url: string): boolean {
  const path = normalisedPath(url);
  return path !== null && !/^\/(api|metrics|healthz|readyz)(\/|$)/i.test(path) && !/\.[a-z0-9]+$/i.test(path);
}
