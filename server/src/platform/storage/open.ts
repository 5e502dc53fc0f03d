import path from 'node:path';
import type { Config } from '../config.ts';
import { LocalStorage } from './local.ts';
import type { Storage } from './storage.ts';

/** The configured storage back end: the local folder `<KEPU_DATA_DIR>/files` (S3 later, here). */
export function openStorage(config: Pick<Config, 'dataDir'>): Storage {
  return new LocalStorage(path.join(config.dataDir, 'files'));
}
