// A worker thread of the analysis pool (analysis-pool.ts): turns documents into index rows. Plain
// JavaScript so that it starts in any host (tsx, Vitest, plain Node); it loads the TypeScript
// analyzer through tsx's loader.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { Analyzer } = await import('./analyzer.ts');
const { indexRowOf } = await import('./index-rows.ts');
const analyzer = new Analyzer(workerData.vocabulary);

parentPort.on('message', ({ id, docs, at }) => {
  try {
    parentPort.postMessage({
      id,
      rows: docs.map((d) => indexRowOf(analyzer, workerData.dialect, d, at)),
    });
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
