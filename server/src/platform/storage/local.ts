import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { asStorageError, type ByteRange, type Storage } from './storage.ts';

const KEY = /^[a-z0-9][a-z0-9/_.-]{0,200}$/;

/** Files in a local folder: `<root>/<key>`, scratch files in `<root>/tmp/`. */
export class LocalStorage implements Storage {
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = path.join(root, 'tmp');
    try {
      fs.mkdirSync(this.tmp, { recursive: true });
    } catch {
      // A folder that cannot be made does not stop the platform: uploads answer 503 and
      // /api/health says the storage is not writable, until the operator mends it.
    }
  }

  private pathOf(key: string): string {
    if (!KEY.test(key) || key.includes('..')) throw new Error(`bad storage key ${key}`);
    return path.join(this.root, key);
  }

  scratchPath(): string {
    return path.join(this.tmp, `${Date.now()}-${crypto.randomBytes(8).toString('hex')}`);
  }

  async commit(scratch: string, key: string): Promise<void> {
    const target = this.pathOf(key);
    try {
      await fsp.mkdir(path.dirname(target), { recursive: true });
      const fh = await fsp.open(scratch, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsp.rename(scratch, target);
    } catch (e) {
      throw asStorageError(e, 'commit', target);
    }
  }

  async put(key: string, data: Buffer): Promise<void> {
    const scratch = this.scratchPath();
    try {
      await fsp.writeFile(scratch, data);
    } catch (e) {
      throw asStorageError(e, 'write', scratch);
    }
    try {
      await this.commit(scratch, key);
    } catch (e) {
      await fsp.rm(scratch, { force: true }).catch(() => {});
      throw e;
    }
  }

  async size(key: string): Promise<number | null> {
    try {
      return (await fsp.stat(this.pathOf(key))).size;
    } catch {
      return null;
    }
  }

  read(key: string, range?: ByteRange): Readable {
    return fs.createReadStream(
      this.pathOf(key),
      range ? { start: range.start, end: range.end } : {},
    );
  }

  async remove(keys: string[]): Promise<void> {
    for (const key of keys) {
      const p = this.pathOf(key);
      await fsp.rm(p, { force: true }).catch((e) => {
        throw asStorageError(e, 'remove', p);
      });
      // Drop the now-empty folder of the object (media/ab/<id>/), never the root.
      const dir = path.dirname(p);
      if (dir !== this.root) await fsp.rmdir(dir).catch(() => {});
    }
  }

  /**
   * Two access(2) calls and a statfs(2): the folder and its scratch folder are directories this
   * process may write (EROFS on a read-only mount, EPERM on an immutable folder, EACCES, ENOTDIR
   * when the folder was replaced by a file), and the disk has room.
   */
  async isWritable(): Promise<boolean> {
    try {
      await fsp.access(this.root, fs.constants.W_OK);
      await fsp.access(this.tmp, fs.constants.W_OK);
      const st = await fsp.statfs(this.tmp);
      return st.bavail > 0;
    } catch {
      return false;
    }
  }

  async sweepScratch(olderThanMs: number): Promise<number> {
    let removed = 0;
    const cutoff = Date.now() - olderThanMs;
    for (const name of await fsp.readdir(this.tmp)) {
      const p = path.join(this.tmp, name);
      const st = await fsp.stat(p).catch(() => null);
      if (st && st.mtimeMs < cutoff) {
        await fsp.rm(p, { force: true });
        removed++;
      }
    }
    return removed;
  }
}
