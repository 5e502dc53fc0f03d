// A worker thread of the certificate PDF pool (pdf-pool.ts): renders one certificate at a time,
// off the request thread. Plain JavaScript so that it starts in any host (tsx, Vitest, plain
// Node); it loads the TypeScript renderer through tsx's loader, as the diff worker does.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderCertificatePdf } = await import('./pdf.ts');

parentPort.on('message', async ({ id, print }) => {
  try {
    const pdf = await renderCertificatePdf(print);
    parentPort.postMessage({ id, pdf }, [pdf.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
