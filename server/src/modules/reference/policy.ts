import { definePolicies, isPlatformAdmin } from '#platform/policy.ts';

/** Reference data is public to read; only the platform office edits it. */
definePolicies({
  'reference.manage': (actor) => isPlatformAdmin(actor),
});
