import type { Answer } from '../api/types.ts';

export type Base = Answer<'/api/bases/{id}', 'get'>;
export type BaseListItem = Answer<'/api/bases', 'get'>['items'][number];
export type BaseTier = Base['tier'];
export type BaseStatus = Base['status'];
export const BASE_TIERS: BaseTier[] = [
  'NATIONAL',
  'MINISTRY',
  'PROVINCIAL',
  'LEGACY_LAND',
  'LEGACY_OCEAN',
  'LEGACY_SURVEYING',
];
export const BASE_STATUSES: BaseStatus[] = [
  'ACTIVE',
  'RECTIFICATION',
  'REVOKED',
  'EXPIRED',
  'LEGACY_PENDING',
  'MIGRATED',
  'RETIRED',
];
export const CATEGORIES = [
  'VENUE',
  'SITE',
  'RESEARCH',
  'LAND_VENUE',
  'LAND_PROTECTION',
  'LAND_RESEARCH',
  'OTHER',
];
