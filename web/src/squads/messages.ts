import { defineMessages } from '../i18n/index.tsx';

/** The 李四光中队 pages' words, loaded with them (`lazyPage` in `sections.tsx`). */
export const SQUADS_MESSAGES = defineMessages('squads', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
