import { definePolicies, isPlatformAdmin } from '#platform/policy.ts';

/** The portal's footer details (备案号, contact) and the working calendar are the platform office's. */
definePolicies({
  'site.manage': (actor) => isPlatformAdmin(actor),
});
