import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const backend = process.env.LENSLET_DEV_BACKEND ?? 'http://127.0.0.1:8081';

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: { '#': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    // The dev server proxies the API, media and real time to a running `lenslet serve`.
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/media': { target: backend },
      '/socket.io': { target: backend, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
    // The CSP forbids inline scripts: never inline the module preload polyfill.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
  test: {
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    // CI machines are small and busy: give slow renders room.
    testTimeout: 20_000,
  },
});
