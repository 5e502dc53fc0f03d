import { definePolicies, isPlatformAdmin } from '#platform/policy.ts';

/** The privacy policy, the user agreement and the minors' age rule are the platform office's. */
definePolicies({
  'privacy.manage': (actor) => isPlatformAdmin(actor),
});
