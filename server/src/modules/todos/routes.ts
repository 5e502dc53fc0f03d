import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, signedIn } from '#platform/policy.ts';
import { ERRORS } from '#platform/schemas.ts';
import { collectTodos } from '#platform/todos.ts';

import { TodoListSchema } from './schema.ts';

/** Registered after every module, so every module's to-do sources are defined. */
export function registerTodoRoutes(app: App, { db }: AppDeps): void {
  app.get(
    '/api/me/todos',
    {
      schema: {
        tags: ['todos'],
        summary: 'What waits for me: each module’s to-dos I may act on now, the most urgent first',
        response: { 200: TodoListSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req) => ({ groups: await collectTodos(db, signedIn(req.actor), req.locale) }),
  );
}
