// Writes .gz and .br siblings of every compressible file in the build, so the
// server sends them as they are (server/http/detail/static_files.cpp) instead of
// compressing per request. A sibling is kept only when it is smaller.
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'dist');
const compressible = /\.(js|mjs|css|html|svg|json|webmanifest|txt|map)$/;
const minBytes = 256;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* walk(full);
    else yield full;
  }
}

let files = 0;
let raw = 0;
let br = 0;
for (const file of walk(root)) {
  if (!compressible.test(file)) continue;
  const bytes = readFileSync(file);
  if (bytes.length < minBytes) continue;
  const gz = gzipSync(bytes, { level: 9 });
  const brotli = brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
  if (gz.length < bytes.length) writeFileSync(`${file}.gz`, gz);
  if (brotli.length < bytes.length) writeFileSync(`${file}.br`, brotli);
  files += 1;
  raw += bytes.length;
  br += brotli.length;
}
console.log(`compress: ${files} files, ${(raw / 1024).toFixed(1)} KB → ${(br / 1024).toFixed(1)} KB brotli`);
