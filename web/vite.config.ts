import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { firstScreenPlugin } from './first-screen.ts';
import { precompressPlugin } from './precompress.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react(), firstScreenPlugin(), precompressPlugin()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // Everything the first page imports statically is one file: it all loads at once anyway,
          // and one file compresses better than ~20 pieces. Without this, each lazy console page
          // that shares a module with the portal's shell splits that module out of the entry
          // into a chunk of its own, and the portal's first load grows with every new section.
          groups: [{ name: 'portal', tags: ['$initial'] }],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://localhost:3000' },
  },
});
