import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

// The playground's bundle: relative base so out/playground/ works from any static server or folder.
export default defineConfig({
  root: here,
  base: './',
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
