/**
 * The CSS and scripts of the reader and the newsroom, bundled by esbuild when the app starts (no build step to
 * forget, no stale files). Each file is served from memory under a content-hashed name,
 * pre-compressed, with a year-long immutable cache.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build, stop } from 'esbuild';

export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly brotli: Buffer;
}

export type AssetName = keyof typeof ENTRIES;

export interface AssetBundle {
  /** Public, content-hashed URL of each bundle. */
  readonly urls: Readonly<Record<AssetName, string>>;
  readonly files: ReadonlyMap<string, Asset>;
}

const src = (p: string) => fileURLToPath(new URL(`../${p}`, import.meta.url));

/** Every bundle the app serves: the reader's, and the newsroom's (the editor only on its page). */
const ENTRIES = {
  readerCss: { file: src('reader/styles/site.css'), name: 'site', ext: 'css' },
  readerJs: { file: src('reader/client/reader.ts'), name: 'reader', ext: 'js' },
  newsroomCss: { file: src('newsroom/styles/newsroom.css'), name: 'newsroom', ext: 'css' },
  newsroomJs: { file: src('newsroom/client/newsroom.ts'), name: 'newsroom', ext: 'js' },
  editorJs: { file: src('newsroom/client/editor/editor.ts'), name: 'editor', ext: 'js' },
} as const;

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

async function bundle(entry: string, css: boolean): Promise<string> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    write: false,
    target: TARGETS,
    format: css ? undefined : 'iife',
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
    const names = Object.keys(ENTRIES) as AssetName[];
    const texts = await Promise.all(names.map((n) => bundle(ENTRIES[n].file, ENTRIES[n].ext === 'css')));
    // esbuild's service is a child process of ~40 MB; every process builds only once.
    await stop();
    const urls = {} as Record<AssetName, string>;
    const files = new Map<string, Asset>();
    names.forEach((n, i) => {
      const { name, ext } = ENTRIES[n];
      const text = texts[i] ?? '';
      urls[n] = hashed(name, ext, text);
      files.set(urls[n], asset(ext === 'css' ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8', text));
    });
    return { urls, files };
  })();
  return built;
}
