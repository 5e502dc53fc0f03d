/**
 * A timed load run in a process of its own (a client sharing the measured process's event loop
 * would measure itself): `node bench/lib/cannon.mjs <plan.json>` runs autocannon for
 * `warmupSeconds` (discarded), then for `seconds`, and prints the measured run as one JSON line:
 * `{ requests, seconds, rps, p50, p90, p99, max, non2xx, errors, timeouts, statuses }` (latencies
 * in ms). The plan: url (the origin), connections, seconds, warmupSeconds, paths (sent in turn,
 * one per request), headers. For sign-in and bodies see load.mjs.
 */
import fs from 'node:fs';
import autocannon from 'autocannon';

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const paths = plan.paths;

async function run(seconds) {
  let next = 0;
  const statuses = {};
  const result = await autocannon({
    url: plan.url,
    connections: plan.connections,
    duration: seconds,
    timeout: 30,
    headers: plan.headers ?? {},
    requests: [
      {
        method: 'GET',
        path: paths[0],
        setupRequest: (req) => ({ ...req, path: paths[next++ % paths.length] }),
        onResponse: (status) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
        },
      },
    ],
  });
  return { result, statuses };
}

if (plan.warmupSeconds > 0) await run(plan.warmupSeconds);
const { result, statuses } = await run(plan.seconds);
const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
process.stdout.write(
  JSON.stringify({
    requests,
    seconds: result.duration,
    rps: requests / result.duration,
    p50: result.latency.p50,
    p90: result.latency.p90,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
  }),
);
