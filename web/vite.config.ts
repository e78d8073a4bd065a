// The dashboard builds to web/dist, which `redline serve` serves at `/`.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Charts and the map are separate chunks so the timeline can render before the map loads.
    chunkSizeWarningLimit: 900,
    reportCompressedSize: false,
  },
});
