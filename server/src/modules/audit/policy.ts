import { definePolicies, isPlatformAdmin } from '#platform/policy.ts';

/** The audit log is read by the platform office only (it names people and addresses). */
definePolicies({
  'audit.read': (actor) => isPlatformAdmin(actor),
});
