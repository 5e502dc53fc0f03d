import { definePolicies, isPlatformAdmin } from '#platform/policy.ts';

/** Anyone may search; the office keeps the vocabulary, reads the query log and reindexes. */
definePolicies({
  'search.manage': (actor) => isPlatformAdmin(actor),
});
