import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build, type Plugin } from 'vite';
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

const BOOT_ENTRY = fileURLToPath(new URL('./src/boot/first-load.ts', import.meta.url));
const alias = { '#': fileURLToPath(new URL('./src', import.meta.url)) };

/**
 * index.html's boot script (src/boot/first-load.ts), bundled on its own with
 * everything it imports: it must not share a chunk with the app, or it would
 * wait for that chunk among the app's and run no earlier than the app (tried:
 * the feed was then asked for no sooner). An async module script, so it runs
 * the moment its few hundred bytes arrive. Built only: under the dev server
 * the app asks for everything itself.
 */
function bootScript(): Plugin {
  let fileName = '';
  return {
    name: 'lenslet:boot-script',
    apply: 'build',
    async buildStart() {
      const result = await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        resolve: { alias },
        build: {
          write: false,
          target: 'es2022',
          modulePreload: false,
          rolldownOptions: { input: BOOT_ENTRY, output: { format: 'es' } },
        },
      });
      const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) =>
        'output' in r ? r.output : [],
      );
      const chunks = outputs.flatMap((o) => (o.type === 'chunk' ? [o] : []));
      const [boot] = chunks;
      if (chunks.length !== 1 || !boot) throw new Error('lenslet:boot-script: expected one chunk');
      const hash = createHash('sha256').update(boot.code).digest('base64url').slice(0, 8);
      fileName = `assets/boot-${hash}.js`;
      this.emitFile({ type: 'asset', fileName, source: boot.code });
    },
    transformIndexHtml: {
      order: 'post',
      handler: () => [
        {
          tag: 'script',
          attrs: { type: 'module', async: true, crossorigin: true, src: `/${fileName}` },
          injectTo: 'head-prepend' as const,
        },
      ],
    },
  };
}

const backend = process.env.LENSLET_DEV_BACKEND ?? 'http://127.0.0.1:8081';

export default defineConfig({
  plugins: [react(), preloadHomeScreen(), bootScript()],
  resolve: {
    alias,
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
