/**
 * The load generator in a process of its own (a client sharing the server's event loop would
 * measure itself): `node bench/lib/load.mjs <plan.json>` runs autocannon with the plan and prints
 * `{ result, statuses }` as JSON. The plan: url, connections, amount, method, path, body, and
 * `browsers` ([{ cookie, csrf }]) — each request is sent as the next browser, in turn.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let next = 0;
const statuses = {};
const result = await autocannon({
  url: plan.url,
  connections: plan.connections,
  amount: plan.amount,
  timeout: 120,
  requests: [
    {
      method: plan.method,
      path: plan.path,
      setupRequest: (req) => {
        const b = plan.browsers[next++ % plan.browsers.length];
        return {
          ...req,
          headers: { 'content-type': 'application/json', cookie: b.cookie, 'x-csrf-token': b.csrf },
          body: plan.body,
        };
      },
      onResponse: (status) => {
        statuses[status] = (statuses[status] ?? 0) + 1;
      },
    },
  ],
});
process.stdout.write(JSON.stringify({ result, statuses }));
