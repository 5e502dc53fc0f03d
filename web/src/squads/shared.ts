import type { Answer } from '../api/types.ts';

export type Squad = Answer<'/api/squads/{id}', 'get'>;
export type SquadStatus = Squad['status'];
export type SquadMember = Answer<'/api/squads/{id}/members', 'get'>['items'][number];
export type Grade = SquadMember['grade'];
export type SquadActivity = Answer<'/api/squads/{id}/activities', 'get'>['items'][number];
export type SquadYear = Answer<'/api/squads/{id}/years/{year}', 'get'>;

export const SQUAD_STATUSES: SquadStatus[] = ['PENDING', 'APPROVED', 'REJECTED', 'DISSOLVED'];
export const GRADES: Grade[] = [
  'P1',
  'P2',
  'P3',
  'P4',
  'P5',
  'P6',
  'J1',
  'J2',
  'J3',
  'S1',
  'S2',
  'S3',
];
type Tone = 'plain' | 'info' | 'ok' | 'warn';
/** The console's state tag (as the users and join-request pages draw it). */
export const stateTag = (tone: Tone) => `state-tag state-tag-${tone}`;
export const STATUS_TONE: Record<SquadStatus, Tone> = {
  PENDING: 'info',
  APPROVED: 'ok',
  REJECTED: 'warn',
  DISSOLVED: 'plain',
};
export const SQUADS_KEY = ['squads'] as const;
