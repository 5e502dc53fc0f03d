import { type ActorName, type Row, SIGNED_IN, type World } from './world.ts';

/** The reviewer of A's record: the reviewer, A's administrators (and above), platform admins. */
const READERS_OF_REVIEWER: ActorName[] = ['reviewer', 'orgAdmin', 'platformAdmin'];

/**
 * The person's 科普 record: one's own for everyone signed in; another person's for the
 * administrators of one of that person's units (B's admin, A's editor and others: 404).
 */
export function recordTable(w: World): Row[] {
  const of = () => `userId=${w.ids.reviewer}`;
  return [
    {
      name: 'GET /api/record',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/record' }),
    },
    {
      name: 'GET /api/record [the reviewer of A]',
      allowed: READERS_OF_REVIEWER,
      make: async () => ({ method: 'GET', url: `/api/record?${of()}` }),
    },
    {
      name: 'GET /api/record/pdf',
      allowed: READERS_OF_REVIEWER,
      make: async () => ({ method: 'GET', url: `/api/record/pdf?${of()}` }),
    },
    {
      name: 'GET /api/record/xlsx',
      allowed: READERS_OF_REVIEWER,
      make: async () => ({ method: 'GET', url: `/api/record/xlsx?${of()}` }),
    },
  ];
}
