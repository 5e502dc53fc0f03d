import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Text the browser loads; images and fonts are compressed in their own format. */
const TEXT_FILE = /\.(?:html|js|mjs|css|svg|json|txt|xml|webmanifest|wasm)$/;
/** Smaller files gain less than a request's headers (the server's threshold is the same). */
export const PRECOMPRESS_MIN_BYTES = 1024;

export interface PrecompressReport {
  files: number;
  bytes: number;
  brBytes: number;
  gzBytes: number;
}

/**
 * Writes `name.br` (brotli, quality 11) and `name.gz` (gzip, level 9) beside every text file of
 * `dir` from 1 KiB, when smaller than the file: the server sends them as they are
 * (@fastify/static `preCompressed`), so the highest levels cost nothing per request.
 */
export async function precompress(dir: string): Promise<PrecompressReport> {
  const names = (await fs.readdir(dir, { recursive: true })) as string[];
  const report: PrecompressReport = { files: 0, bytes: 0, brBytes: 0, gzBytes: 0 };
  await Promise.all(
    names
      .filter((name) => TEXT_FILE.test(name))
      .map(async (name) => {
        const file = path.join(dir, name);
        const data = await fs.readFile(file);
        if (data.length < PRECOMPRESS_MIN_BYTES) return;
        const [br, gz] = await Promise.all([
          brotli(data, {
            params: {
              [zlib.constants.BROTLI_PARAM_QUALITY]: zlib.constants.BROTLI_MAX_QUALITY,
              [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length,
            },
          }),
          gzip(data, { level: zlib.constants.Z_BEST_COMPRESSION }),
        ]);
        report.files++;
        report.bytes += data.length;
        if (br.length < data.length) {
          await fs.writeFile(`${file}.br`, br);
          report.brBytes += br.length;
        }
        if (gz.length < data.length) {
          await fs.writeFile(`${file}.gz`, gz);
          report.gzBytes += gz.length;
        }
      }),
  );
  return report;
}

/** The build step: pre-compresses the written bundle (`vite build` only). */
export function precompressPlugin(): Plugin {
  return {
    name: 'kepu-precompress',
    apply: 'build',
    async writeBundle(options) {
      if (!options.dir) return;
      const r = await precompress(options.dir);
      const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
      this.info(
        `pre-compressed ${r.files} files: ${kib(r.bytes)} → brotli ${kib(r.brBytes)}, gzip ${kib(r.gzBytes)}`,
      );
    },
  };
}
