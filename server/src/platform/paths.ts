import fs from 'node:fs';
import path from 'node:path';

/**
 * The checkout's root, where package.json is. The server runs from its sources (server/src,
 * under tsx and Vitest) and built (dist/server, `npm start`); files shipped with the code (the
 * common-password list, the demo's assets, the web app) are found from here in both.
 */
export const ROOT = findRoot(import.meta.dirname);

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'server')))
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`no Kepu checkout above ${from}`);
  }
}

/** A file of the checkout, by its path from the root: `fromRoot('web', 'dist')`. */
export const fromRoot = (...parts: string[]): string => path.join(ROOT, ...parts);
