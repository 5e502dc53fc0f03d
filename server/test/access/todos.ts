import { type Row, SIGNED_IN } from './world.ts';

/** One's own to-dos. */
export function todosTable(): Row[] {
  return [
    {
      name: 'GET /api/me/todos',
      allowed: SIGNED_IN,
      make: async () => ({ method: 'GET', url: '/api/me/todos' }),
    },
  ];
}
