/**
 * The reader's CSS and script, bundled by esbuild when the app starts (no build step to
 * forget, no stale files). Each file is served from memory under a content-hashed name,
 * pre-compressed, with a year-long immutable cache.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
}

export interface AssetBundle {
  /** Public URLs of the stylesheet and script. */
  readonly urls: { readonly css: string; readonly js: string };
  readonly files: ReadonlyMap<string, Asset>;
}

const ENTRY = {
  css: fileURLToPath(new URL('./styles/site.css', import.meta.url)),
  js: fileURLToPath(new URL('./client/reader.ts', import.meta.url)),
};

/** Older WebViews (WeChat's among them, and iOS 15) still read our pages. */
const TARGETS = ['chrome80', 'safari15', 'firefox78'];

function asset(contentType: string, text: string): Asset {
  const body = Buffer.from(text);
  return {
    contentType,
    body,
    gzip: gzipSync(body, { level: 9 }),
    brotli: brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }),
  };
}

function hashed(name: string, ext: string, text: string): string {
  return `/assets/${name}.${createHash('sha256').update(text).digest('hex').slice(0, 12)}.${ext}`;
}

async function bundle(entry: string, loader?: 'css'): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    target: TARGETS,
    format: loader ? undefined : 'iife',
    legalComments: 'none',
    logLevel: 'silent',
  });
  const out = result.outputFiles[0];
  if (!out) throw new Error(`esbuild produced nothing for ${entry}`);
  return out.text;
}

let built: Promise<AssetBundle> | undefined;

/** Builds once per process; every app instance in the process shares the result. */
export function buildAssets(): Promise<AssetBundle> {
  built ??= (async () => {
    const [css, js] = await Promise.all([bundle(ENTRY.css, 'css'), bundle(ENTRY.js)]);
    const urls = { css: hashed('site', 'css', css), js: hashed('reader', 'js', js) };
    const files = new Map<string, Asset>([
      [urls.css, asset('text/css; charset=utf-8', css)],
      [urls.js, asset('text/javascript; charset=utf-8', js)],
    ]);
    return { urls, files };
  })();
  return built;
}
