import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Modulepreload links in index.html for the home screen's chunk and the chunks it
 * imports (and preloads of their CSS), so a signed-in visitor's feed code downloads beside the entry instead of
 * after the entry has run (main.tsx's preloadLikelyScreens() asks for it only then).
 */
function preloadHomeScreen(): Plugin {
  return {
    name: 'lenslet:preload-home-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, { bundle }) {
        if (!bundle) return html;
        const chunks = Object.values(bundle).flatMap((output) => (output.type === 'chunk' ? [output] : []));
        const home = chunks.find((chunk) => chunk.facadeModuleId?.endsWith('/src/screens/HomeScreen.tsx'));
        if (!home) return html; // the home screen is in the entry itself
        const files = new Set<string>();
        const styles = new Set<string>();
        const visit = (fileName: string) => {
          if (files.has(fileName) || html.includes(`/${fileName}"`)) return;
          files.add(fileName);
          const chunk = chunks.find((c) => c.fileName === fileName);
          // Its CSS too (Vite's loader waits for it before the screen renders): fetched, not applied.
          for (const css of chunk?.viteMetadata?.importedCss ?? [])
            if (!html.includes(`/${css}"`)) styles.add(css);
          for (const imported of chunk?.imports ?? []) visit(imported);
        };
        visit(home.fileName);
        return [
          ...[...files].map((file) => ({
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
          ...[...styles].map((file) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `/${file}` },
            injectTo: 'head' as const,
          })),
        ];
      },
    },
  };
}

const backend = process.env.LENSLET_DEV_BACKEND ?? 'http://127.0.0.1:8081';

export default defineConfig({
  plugins: [react(), preloadHomeScreen()],
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
