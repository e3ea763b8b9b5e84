import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** One record of Vite's build manifest (`build.manifest`), keyed by source path. */
type ManifestChunk = {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
};
type Manifest = Record<string, ManifestChunk>;

export type FirstLoad = {
  /** What is loaded: "entry" for the page's own scripts, else the source of the lazy chunk added to them. */
  name: string;
  files: string[];
  gzipBytes: number;
  plainBytes: number;
};

const gzipSize = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;

/**
 * The JavaScript a first visit downloads before anyone can interact, read from a build: the scripts
 * and module preloads `index.html` names, plus everything they import statically (Vite's manifest).
 * A screen behind a lazy route adds its chunk and that chunk's static imports, so each lazy chunk
 * that `include` accepts gives one more first load (a visit that starts on that screen).
 */
export function firstLoads(distDir: string, include: (src: string) => boolean): FirstLoad[] {
  const manifest = JSON.parse(readFileSync(join(distDir, '.vite/manifest.json'), 'utf8')) as Manifest;
  const html = readFileSync(join(distDir, 'index.html'), 'utf8');
  const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, { key, chunk }]));
  const closure = (keys: string[], into = new Set<string>()) => {
    for (const key of keys) {
      const chunk = manifest[key];
      if (!chunk || into.has(chunk.file)) continue;
      into.add(chunk.file);
      closure(chunk.imports ?? [], into);
    }
    return into;
  };
  const named = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g)].map(
    (m) => m[1] as string,
  );
  const entryKeys = named.map((file) => byFile.get(file)?.key ?? file);
  const entry = closure(entryKeys);
  // A script index.html names but the manifest does not know (none today) still counts.
  for (const file of named) entry.add(file);
  const measure = (name: string, files: Set<string>): FirstLoad => {
    const list = [...files].sort();
    const contents = list.map((file) => readFileSync(join(distDir, file)));
    return {
      name,
      files: list,
      gzipBytes: contents.reduce((sum, bytes) => sum + gzipSize(bytes), 0),
      plainBytes: contents.reduce((sum, bytes) => sum + bytes.length, 0),
    };
  };
  const loads = [measure('entry', entry)];
  for (const [key, chunk] of Object.entries(manifest)) {
    if (!chunk.isDynamicEntry || !include(chunk.src ?? key)) continue;
    loads.push(measure(chunk.src ?? key, closure([key], new Set(entry))));
  }
  return loads;
}
