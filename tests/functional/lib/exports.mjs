// Helpers for the export tests (issue 14.7): ask for an export, wait until it
// is ready, download it as bytes (the Client reads bodies as text), unzip it.
import { deflateSync, crc32 } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import yauzl from 'yauzl';

export const api = (p) => `/api/v1${p}`;

export async function requestExport(client) {
  const r = await client.post(api('/users/me/export'));
  if (r.status !== 202) throw new Error(`export request: ${r.status} ${r.text}`);
  return r.body;
}

export async function exportState(client) {
  const r = await client.get(api('/users/me/export'));
  if (r.status !== 200) throw new Error(`export state: ${r.status} ${r.text}`);
  return r.body;
}

// Polls GET /users/me/export until `done(state)`; generous deadline.
export async function waitExport(client, done = (s) => s.status === 'ready', timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let state;
  while (Date.now() < deadline) {
    state = await exportState(client);
    if (done(state)) return state;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`export never got there: ${JSON.stringify(state)}`);
}

// GET (or HEAD) `path` as `client` (its cookies and address), body as bytes.
export async function download(client, path, { headers = {}, method = 'GET' } = {}) {
  const h = { 'x-forwarded-for': client.address, ...headers };
  const cookie = client.cookieHeader(path);
  if (cookie) h.cookie = cookie;
  const response = await fetch(client.base + path, { method, headers: h });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

// Every entry of a ZIP held in memory: Map name -> Buffer.
export function unzip(buffer) {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      const entries = new Map();
      zip.on('error', reject);
      zip.on('end', () => resolve(entries));
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on('data', (c) => chunks.push(c));
          stream.on('error', reject);
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.readEntry();
    });
  });
}

export const json = (entries, name) => JSON.parse(entries.get(name).toString('utf8'));

// A w x h RGB PNG of noise: its stored renditions are about as large as its
// pixels, so an archive of a few of them takes a while at a low pace.
export function noisePng(w, h) {
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'latin1');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(w, 0);
  header.writeUInt32BE(h, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = 1 + w * 3;
  const raw = randomBytes(row * h);
  for (let y = 0; y < h; y++) raw[y * row] = 0;
  return {
    name: `noise-${w}x${h}.png`,
    type: 'image/png',
    bytes: Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 0 })), chunk('IEND', Buffer.alloc(0)),
    ]),
  };
}
