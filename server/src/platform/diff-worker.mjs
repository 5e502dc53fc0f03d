// A worker thread of the diff pool (diff-pool.ts): computes one text diff at a time, off the
// request thread. Plain JavaScript so that it starts in any host (tsx, Vitest, plain Node); it
// loads the TypeScript diff through tsx's loader, as the search analysis worker does.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { diffText } = await import('./diff.ts');
const { richTextToPlain } = await import('./richtext.ts');

parentPort.on('message', ({ id, before, after, richText }) => {
  try {
    const plain = (s) => (richText ? richTextToPlain(s) : s);
    parentPort.postMessage({ id, result: diffText(plain(before), plain(after)) });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
