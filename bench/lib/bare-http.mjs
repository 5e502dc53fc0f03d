/**
 * The machine's floor for a JSON answer: a bare node:http server answering every request with a
 * small JSON body, in a process of its own. `node bench/lib/bare-http.mjs` listens on a free port
 * of 127.0.0.1 and prints the port on stdout.
 */
import http from 'node:http';

const body = JSON.stringify({ status: 'ok' });
const server = http.createServer((_req, res) => {
  res.writeHead(200, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
