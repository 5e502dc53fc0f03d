// A worker thread of the certificate PDF pool (pdf-pool.ts): renders one certificate at a time,
// off the request thread, and a person's 科普 record (modules/record) on the same threads. Plain JavaScript so that it starts in any host (tsx, Vitest, plain
// Node); it loads the TypeScript renderer through tsx's loader, as the diff worker does.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { renderCertificatePdf } = await import('./pdf.ts');
const { renderRecordPdf } = await import('../record/pdf.ts');

parentPort.on('message', async ({ id, kind, print }) => {
  try {
    const pdf =
      kind === 'record' ? await renderRecordPdf(print) : await renderCertificatePdf(print);
    parentPort.postMessage({ id, pdf }, [pdf.buffer]);
  } catch (e) {
    parentPort.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
});
