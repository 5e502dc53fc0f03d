import type { Answer } from '../api/types.ts';

export type Facility = Answer<'/api/facilities/{id}', 'get'>;
export type FacilityKind = Facility['kind'];
export const FACILITY_KINDS: FacilityKind[] = [
  'KEY_LAB',
  'ENGINEERING_CENTER',
  'FIELD_STATION',
  'MAJOR_FACILITY',
  'OTHER',
];
export const FACILITIES_KEY = ['facilities'] as const;
