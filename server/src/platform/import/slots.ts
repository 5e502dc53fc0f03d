import { WorkSlots } from '../work-slots.ts';

/** Spreadsheet and JSON Lines imports: one per person, two in all. */
export const importSlots = new WorkSlots(1, 2, { 'zh-CN': '导入', 'en-US': 'imports' });
