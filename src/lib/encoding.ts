// Content encodings chosen by the server itself, where @fastify/compress's whole-stream
// compression does not fit: /network keeps its compressed bytes, and streamed CSV exports flush
// each batch through the compressor so that the first rows reach the client at once (a brotli
// stream otherwise holds megabytes before its first byte). An answer that already carries a
// Content-Encoding is passed through by @fastify/compress untouched.
import zlib from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** The encoding to answer in: brotli, else gzip, when the client accepts it (not at q=0). */
export function acceptedEncoding(header: string | string[] | undefined): Encoding | null {
  const value = Array.isArray(header) ? header.join(',') : String(header ?? '');
  const accepts = (name: string) =>
    value.split(',').some((part) => {
      const [token = '', ...params] = part.trim().split(';');
      return token.trim().toLowerCase() === name && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    });
  return accepts('br') ? 'br' : accepts('gzip') ? 'gzip' : null;
}

/** Brotli at a fast level (as the rest of the app), or gzip. */
export function compressor(encoding: Encoding): zlib.BrotliCompress | zlib.Gzip {
  return encoding === 'br' ? zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }) : zlib.createGzip();
}

/** Compresses each piece of `source` and flushes it, so that every piece goes out as soon as it
 * is made; the compressor's buffered output is read after each flush. */
export async function* compressEach(source: AsyncIterable<string>, encoding: Encoding): AsyncGenerator<Buffer> {
  const z = compressor(encoding);
  const out: Buffer[] = [];
  z.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    z.once('end', resolve);
    z.once('error', reject);
  });
  try {
    for await (const piece of source) {
      if (!piece) continue;
      z.write(piece);
      await new Promise<void>((resolve) => z.flush(resolve));
      if (out.length) yield Buffer.concat(out.splice(0));
    }
    z.end();
    await ended;
    if (out.length) yield Buffer.concat(out.splice(0));
  } finally {
    z.destroy();
  }
}

const brotliOnce = (text: string) =>
  new Promise<Buffer>((resolve, reject) => zlib.brotliCompress(text, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } }, (err, out) => (err ? reject(err) : resolve(out))));
const gzipOnce = (text: string) => new Promise<Buffer>((resolve, reject) => zlib.gzip(text, (err, out) => (err ? reject(err) : resolve(out))));

/** What a kept JSON answer needs from a cache (deps.searches, deps.summaries). */
interface KeptStore {
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

/** The bytes of a JSON answer (or a page: keptHtml) kept whole in `store` under `key`: serialized
 * once (by `build`, which checks it against the route's schema) and compressed once per encoding
 * the client accepts, so that a kept answer costs the request no serializing and no compressing. A
 * `build` that throws keeps nothing (the error answers as usual). */
export async function keptJson(
  store: KeptStore,
  key: string,
  acceptEncoding: string | string[] | undefined,
  build: () => Promise<string>,
): Promise<{ body: Buffer; encoding: Encoding | null }> {
  const encoding = acceptedEncoding(acceptEncoding);
  const json = () => store.get(`${key}:json`, build);
  const body = await store.get(`${key}:${encoding ?? 'identity'}`, async () => {
    const text = await json();
    if (encoding === 'br') return brotliOnce(text);
    if (encoding === 'gzip') return gzipOnce(text);
    return Buffer.from(text);
  });
  return { body, encoding };
}

/** A page's HTML kept whole like a JSON answer (keptJson): rendered once, compressed once per encoding. */
export const keptHtml = keptJson;
