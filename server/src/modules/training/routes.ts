import type { App, AppDeps } from '#platform/app-types.ts';
import { AUTHENTICATED, actionOnResource, PUBLIC } from '#platform/policy.ts';
import { ERRORS, IdParamsSchema, OkSchema } from '#platform/schemas.ts';
import * as courses from './courses.ts';
import * as enrolments from './enrolments.ts';
import {
  AttendanceCorrectionSchema,
  CheckInSchema,
  CompleteResultSchema,
  CourseDetailSchema,
  CourseInputSchema,
  CoursePageSchema,
  DecideSchema,
  EnrolmentPageSchema,
  EnrolmentStateSchema,
  FeedbackSchema,
  ListCoursesQuerySchema,
  ListEnrolmentsQuerySchema,
  ManagedCourseSchema,
  MaterialOptionsQuerySchema,
  MaterialOptionsSchema,
  MyTrainingSchema,
  NominatablePageSchema,
  NominatableQuerySchema,
  NominateSchema,
  NominationPageSchema,
  NominationResultSchema,
  NominationsQuerySchema,
  PublicCoursesQuerySchema,
  ScoreSchema,
} from './schema.ts';
import './personal.ts';

const tags = ['training'];

export function registerTrainingRoutes(app: App, { db }: AppDeps): void {
  // --- Portal
  app.get(
    '/api/public/training',
    {
      schema: {
        tags,
        summary: 'Published training courses',
        querystring: PublicCoursesQuerySchema,
        response: { 200: CoursePageSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => courses.listPublic(db, req.query),
  );
  app.get(
    '/api/public/training/:id',
    {
      schema: {
        tags,
        summary: 'A published course: syllabus, sessions, places, published materials',
        params: IdParamsSchema,
        response: { 200: CourseDetailSchema, ...ERRORS },
      },
      config: { policy: PUBLIC },
    },
    (req) => courses.publicCourse(db, req.params.id),
  );
  app.get(
    '/api/me/training',
    {
      schema: {
        tags,
        summary: 'My enrolments: sessions attended, score, completion, certificate',
        response: { 200: MyTrainingSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => enrolments.myTraining(db, req.actor),
  );
  app.post(
    '/api/training/courses/:id/enrol',
    {
      schema: {
        tags,
        summary: 'Enrol myself in an open course (places held at once)',
        params: IdParamsSchema,
        response: { 201: EnrolmentStateSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    async (req, reply) =>
      reply.code(201).send(await enrolments.enrol(db, req.actor, req.ctx, req.params.id)),
  );
  app.post(
    '/api/training/enrolments/:id/withdraw',
    {
      schema: {
        tags,
        summary: 'Withdraw an enrolment (the person, or the nominating unit’s administrators)',
        params: IdParamsSchema,
        response: { 200: EnrolmentStateSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => enrolments.withdraw(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/training/sessions/:id/check-in',
    {
      schema: {
        tags,
        summary: 'Check in to a session with the code the organiser shows',
        params: IdParamsSchema,
        body: CheckInSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => enrolments.checkIn(db, req.actor, req.ctx, req.params.id, req.body.code),
  );
  app.post(
    '/api/training/enrolments/:id/feedback',
    {
      schema: {
        tags,
        summary: 'Evaluate the course (once, after attending)',
        params: IdParamsSchema,
        body: FeedbackSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: AUTHENTICATED },
    },
    (req) => enrolments.giveFeedback(db, req.actor, req.ctx, req.params.id, req.body),
  );

  // --- Console: organisers
  app.get(
    '/api/training/courses',
    {
      schema: {
        tags,
        summary: 'Courses of the units I edit or administer',
        querystring: ListCoursesQuerySchema,
        response: { 200: CoursePageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.console') },
    },
    (req) => courses.listManaged(db, req.actor, req.query),
  );
  app.post(
    '/api/training/courses',
    {
      schema: {
        tags,
        summary: 'Create a course (draft)',
        body: CourseInputSchema,
        response: { 201: ManagedCourseSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.manage') },
    },
    async (req, reply) =>
      reply.code(201).send(await courses.createCourse(db, req.actor, req.ctx, req.body)),
  );
  app.get(
    '/api/training/courses/:id',
    {
      schema: {
        tags,
        summary: 'A course as its organiser sees it (with the check-in codes)',
        params: IdParamsSchema,
        response: { 200: ManagedCourseSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.manage') },
    },
    (req) => courses.managedCourse(db, req.actor, req.params.id),
  );
  app.put(
    '/api/training/courses/:id',
    {
      schema: {
        tags,
        summary: 'Update a course (sessions with an id are kept, others added or removed)',
        params: IdParamsSchema,
        body: CourseInputSchema,
        response: { 200: ManagedCourseSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.manage') },
    },
    (req) => courses.updateCourse(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/training/courses/:id/publish',
    {
      schema: {
        tags,
        summary: 'Publish a draft course',
        params: IdParamsSchema,
        response: { 200: ManagedCourseSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.manage') },
    },
    (req) => courses.publishCourse(db, req.actor, req.ctx, req.params.id),
  );
  app.post(
    '/api/training/courses/:id/complete',
    {
      schema: {
        tags,
        summary:
          'Complete the course: certificates for everyone who meets the rule (idempotent; closes the course)',
        params: IdParamsSchema,
        response: { 200: CompleteResultSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.complete') },
    },
    (req) => enrolments.completeCourse(db, req.actor, req.ctx, req.params.id),
  );
  app.get(
    '/api/training/courses/:id/enrolments',
    {
      schema: {
        tags,
        summary: 'Enrolments of a course with attendance, score and completion',
        params: IdParamsSchema,
        querystring: ListEnrolmentsQuerySchema,
        response: { 200: EnrolmentPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.manage') },
    },
    (req) => enrolments.listEnrolments(db, req.actor, req.params.id, req.query),
  );
  app.post(
    '/api/training/enrolments/:id/decide',
    {
      schema: {
        tags,
        summary: 'Approve or decline a nomination (a decline gives the places back)',
        params: IdParamsSchema,
        body: DecideSchema,
        response: { 200: EnrolmentStateSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.manage') },
    },
    (req) => enrolments.decide(db, req.actor, req.ctx, req.params.id, req.body.approve),
  );
  app.post(
    '/api/training/enrolments/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Correct a participant’s attendance at a session, with a reason (audited)',
        params: IdParamsSchema,
        body: AttendanceCorrectionSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.manage') },
    },
    (req) => enrolments.correctAttendance(db, req.actor, req.ctx, req.params.id, req.body),
  );
  app.post(
    '/api/training/enrolments/:id/score',
    {
      schema: {
        tags,
        summary: 'Record a participant’s final test score',
        params: IdParamsSchema,
        body: ScoreSchema,
        response: { 200: OkSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.manage') },
    },
    (req) => enrolments.recordScore(db, req.actor, req.ctx, req.params.id, req.body.score),
  );
  app.get(
    '/api/training/material-options',
    {
      schema: {
        tags,
        summary: 'Published course works in the library, for the materials picker',
        querystring: MaterialOptionsQuerySchema,
        response: { 200: MaterialOptionsSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.console') },
    },
    (req) => courses.materialOptions(db, req.actor, req.query),
  );

  // --- Console: nominating units
  app.get(
    '/api/training/nominatable',
    {
      schema: {
        tags,
        summary: 'Courses by nomination open for enrolment, with places per province',
        querystring: NominatableQuerySchema,
        response: { 200: NominatablePageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.console') },
    },
    (req) => enrolments.nominatable(db, req.actor, req.query),
  );
  app.get(
    '/api/training/nominations',
    {
      schema: {
        tags,
        summary: 'People nominated by the units I administer',
        querystring: NominationsQuerySchema,
        response: { 200: NominationPageSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.console') },
    },
    (req) => enrolments.myNominations(db, req.actor, req.query),
  );
  app.post(
    '/api/training/courses/:id/nominations',
    {
      schema: {
        tags,
        summary: 'Nominate people of my unit (the province’s places are held at once)',
        params: IdParamsSchema,
        body: NominateSchema,
        response: { 201: NominationResultSchema, ...ERRORS },
      },
      config: { policy: actionOnResource('training.nominate') },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await enrolments.nominate(db, req.actor, req.ctx, req.params.id, req.body)),
  );
}
