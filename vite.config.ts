import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The renderer: one React app served by the gateway at `/` and loaded by the Electron popover.
export default defineConfig({
  root: 'src-renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
  },
});
