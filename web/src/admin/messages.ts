import { defineMessages } from '../i18n/index.tsx';

/** The console's shell: its header, menu, home and to-do list, and words all its pages share. */
export const CONSOLE_MESSAGES = defineMessages('console', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});

/** The system pages: organisations, people, invitations, reference lists, privacy, search terms, audit, jobs. */
export const SYSTEM_MESSAGES = defineMessages('system', {
  'zh-CN': () => import('./system-messages.zh-CN.ts'),
  'en-US': () => import('./system-messages.en-US.ts'),
});
