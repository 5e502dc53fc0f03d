import { z } from 'zod';

export const TodoEntrySchema = z.object({
  id: z.string(),
  title: z.string(),
  detail: z.string().nullable().optional(),
  dueAt: z.string().nullable().optional().describe('ISO date-time it must be done by, if any'),
  link: z.string().describe('Console path where it is done'),
});

export const TodoGroupSchema = z.object({
  kind: z.string().describe('The source, e.g. work.check'),
  label: z.string().describe('In the request language'),
  link: z.string().describe('Console path that lists them all'),
  count: z.number().int(),
  entries: z.array(TodoEntrySchema).describe('The first few, most urgent first'),
});

export const TodoListSchema = z.object({ groups: z.array(TodoGroupSchema) });
