import { definePolicies, isPlatformAdmin } from '../policy.ts';

/** Background jobs are the platform office's to watch and nudge (their errors name internals). */
definePolicies({
  'job.manage': (actor) => isPlatformAdmin(actor),
});
