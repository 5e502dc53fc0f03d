import { defineMessages } from '../i18n/index.tsx';

/** The volunteer pages' words (我的志愿服务 on the portal, 志愿者管理 in the console). */
export const VOLUNTEERS_MESSAGES = defineMessages('volunteers', {
  'zh-CN': () => import('./messages.zh-CN.ts'),
  'en-US': () => import('./messages.en-US.ts'),
});
