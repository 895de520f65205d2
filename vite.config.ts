import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

/**
 * Records which source modules ended up in which chunk (.vite/chunk-modules.json, beside Vite's manifest), so
 * scripts/measure-web.mjs can prove what each screen downloads — e.g. that login pulls in no administration code.
 */
function chunkModules(): Plugin {
  return {
    name: 'amparo-chunk-modules',
    apply: 'build',
    generateBundle(_options, bundle) {
      const modules: Record<string, string[]> = {};
      for (const [fileName, output] of Object.entries(bundle)) {
        if (output.type === 'chunk') {
          modules[fileName] = output.moduleIds.map((id) =>
            path.relative(process.cwd(), id).split(path.sep).join('/'),
          );
        }
      }
      this.emitFile({ type: 'asset', fileName: '.vite/chunk-modules.json', source: JSON.stringify(modules) });
    },
  };
}

/**
 * The web app: index.html at the repository root, sources in src/web, output in dist/web (served by
 * src/server/app.ts with the precompressed .br/.gz files that scripts/build-web-if-needed.mjs writes).
 */
export default defineConfig({
  plugins: [preact({ prerender: { enabled: false }, devtoolsInProd: false }), chunkModules()],
  publicDir: 'public',
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    target: 'es2022',
    // Every browser that runs this app supports <link rel="modulepreload">; no polyfill in the entry.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    // Which files each screen needs (scripts/measure-web.mjs); build-web-if-needed moves .vite/ out of dist/web.
    manifest: true,
    // Icons and the like stay files: the bundle stays lean.
    assetsInlineLimit: 0,
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});
