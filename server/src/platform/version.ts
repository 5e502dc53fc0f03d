import fs from 'node:fs';
import { fromRoot } from './paths.ts';

/** The package version, reported by /api/health and the OpenAPI document. */
export const VERSION: string = (
  JSON.parse(fs.readFileSync(fromRoot('package.json'), 'utf8')) as {
    version: string;
  }
).version;
