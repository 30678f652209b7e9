/**
 * What the export of a person's data reads: one section per source, each one SQL statement with the
 * person's id as $1. `covers` names the table columns that refer to a person which the section reads
 * by; a test derives every such column from the entity metadata (foreign keys to users and profiles)
 * and fails when one is not covered here, so a new table about people cannot be left out.
 *
 * Secrets are never exported (password hash, share link and refresh token hashes). Rows go out as
 * PostgreSQL's `to_jsonb` writes them: column names as in the database, times as ISO 8601.
 */
export interface ExportSource {
  /** The section's key in the export document. */
  key: string;
  description: string;
  covers: { table: string; column: string }[];
  /** Returns rows of one column `row` (jsonb). */
  sql: string;
}

export const EXPORT_SOURCES: readonly ExportSource[] = [
  {
    key: 'account',
    description: 'Your account: e-mail, name, organisation, department, roles.',
    covers: [{ table: 'users', column: 'id' }],
    sql: `SELECT to_jsonb(u) - 'password_hash' AS row FROM users u WHERE u.id = $1`,
  },
  {
    key: 'profile',
    description: 'Your profile: career stage, research level, visibility, headline, languages, availability.',
    covers: [{ table: 'profiles', column: 'user_id' }],
    sql: `SELECT to_jsonb(p) AS row FROM profiles p WHERE p.user_id = $1`,
  },
  {
    key: 'assessments',
    description: 'Every assessment of your competences, oldest first (the whole history).',
    covers: [{ table: 'assessments', column: 'person_id' }],
    sql: `SELECT to_jsonb(a) || jsonb_build_object('competence_code', c.code, 'competence_name', c.name) AS row
            FROM assessments a JOIN competences c ON c.id = a.competence_id
           WHERE a.person_id = $1 ORDER BY a.assessed_at, a.id`,
  },
  {
    key: 'assessmentsGiven',
    description: 'Assessments you made of other people as their supervisor (without their notes).',
    covers: [],
    sql: `SELECT jsonb_build_object('id', a.id, 'person_id', a.person_id, 'competence_id', a.competence_id,
                                    'level', a.level, 'source', a.source, 'assessed_at', a.assessed_at) AS row
            FROM assessments a WHERE a.assessor_id = $1 AND a.person_id <> $1 ORDER BY a.assessed_at, a.id`,
  },
  {
    key: 'targetRoles',
    description: 'The future roles you aim at, in your order.',
    covers: [{ table: 'person_target_roles', column: 'person_id' }],
    sql: `SELECT to_jsonb(t) || jsonb_build_object('role_title', r.title, 'role_version', r.version) AS row
            FROM person_target_roles t JOIN role_profiles r ON r.id = t.role_profile_id
           WHERE t.person_id = $1 ORDER BY t.position`,
  },
  {
    key: 'applications',
    description: 'Your applications with their motivation and their whole history (who, when, why).',
    covers: [{ table: 'applications', column: 'candidate_id' }],
    // The effective status and updated_at (a round's closure: REJECTED, at its time).
    sql: `SELECT (to_jsonb(a) - 'closed_by') || jsonb_build_object(
                   'opportunity_title', o.title,
                   'history', (SELECT coalesce(jsonb_agg(to_jsonb(t) ORDER BY t.at, t.id), '[]'::jsonb)
                                 FROM application_history t WHERE t.application_id = a.id)) AS row
            FROM application_states a JOIN opportunities o ON o.id = a.opportunity_id
           WHERE a.candidate_id = $1 ORDER BY a.created_at, a.id`,
  },
  {
    key: 'applicationStepsTaken',
    description: 'Status changes you made to other people’s applications (as supervisor or HR).',
    covers: [],
    sql: `SELECT jsonb_build_object('application_id', t.application_id, 'from_status', t.from_status,
                                    'to_status', t.to_status, 'reason', t.reason, 'at', t.at) AS row
            FROM application_transitions t JOIN applications a ON a.id = t.application_id
           WHERE t.actor_id = $1 AND a.candidate_id <> $1 ORDER BY t.at, t.id`,
  },
  {
    key: 'eligibilityOverrides',
    description: 'Opportunities HR let you apply to although you were not eligible, with their reason.',
    covers: [{ table: 'eligibility_overrides', column: 'candidate_id' }],
    sql: `SELECT to_jsonb(e) - 'created_by' AS row FROM eligibility_overrides e
           WHERE e.candidate_id = $1 ORDER BY e.created_at, e.id`,
  },
  {
    key: 'eligibilityOverridesGranted',
    description: 'Eligibility overrides you granted as HR (whom they concern by id only).',
    covers: [{ table: 'eligibility_overrides', column: 'created_by' }],
    sql: `SELECT jsonb_build_object('id', e.id, 'opportunity_id', e.opportunity_id, 'candidate_id', e.candidate_id,
                                    'created_at', e.created_at) AS row
            FROM eligibility_overrides e WHERE e.created_by = $1 ORDER BY e.created_at, e.id`,
  },
  {
    key: 'opportunityMarks',
    description: 'Opportunities you saved or marked as not interesting.',
    covers: [{ table: 'opportunity_marks', column: 'user_id' }],
    sql: `SELECT to_jsonb(m) AS row FROM opportunity_marks m WHERE m.user_id = $1 ORDER BY m.created_at`,
  },
  {
    key: 'roundChoices',
    description: 'Your ranked choices in allocation rounds.',
    covers: [{ table: 'round_choices', column: 'candidate_id' }],
    sql: `SELECT to_jsonb(c) || jsonb_build_object('round_name', r.name) AS row
            FROM round_choices c JOIN allocation_rounds r ON r.id = c.round_id
           WHERE c.candidate_id = $1 ORDER BY c.round_id, c.rank`,
  },
  {
    key: 'roundOutcomes',
    description:
      'What each finished allocation run that included you gave you: an opportunity, or none (null).',
    covers: [{ table: 'round_run_candidates', column: 'candidate_id' }],
    sql: `SELECT jsonb_build_object('run_id', r.id, 'round_id', r.round_id, 'kind', r.kind,
                                    'finished_at', r.finished_at,
                                    'opportunity_id', coalesce(c.placed_on, c.pre_assigned_to),
                                    'pre_assigned', c.pre_assigned_to IS NOT NULL) AS row
            FROM round_run_candidates c
            JOIN round_runs r ON r.id = c.run_id
           WHERE c.candidate_id = $1::uuid AND r.status = 'DONE' AND (c.assigned OR c.pre_assigned_to IS NOT NULL)
           ORDER BY r.finished_at, r.id`,
  },
  {
    key: 'roundOverrides',
    description: 'Pre-assignments and exclusions HR made for you in allocation rounds, with the reason.',
    covers: [{ table: 'round_overrides', column: 'candidate_id' }],
    sql: `SELECT to_jsonb(o) AS row FROM round_overrides o WHERE o.candidate_id = $1 ORDER BY o.created_at`,
  },
  {
    key: 'roundOverridesMade',
    description: 'Overrides you made as HR (whom they concern by id only).',
    covers: [{ table: 'round_overrides', column: 'created_by' }],
    sql: `SELECT jsonb_build_object('id', o.id, 'round_id', o.round_id, 'candidate_id', o.candidate_id,
                                    'opportunity_id', o.opportunity_id, 'kind', o.kind, 'created_at', o.created_at) AS row
            FROM round_overrides o WHERE o.created_by = $1 ORDER BY o.created_at`,
  },
  {
    key: 'roundsCreated',
    description: 'Allocation rounds you created as HR.',
    covers: [{ table: 'allocation_rounds', column: 'created_by' }],
    sql: `SELECT jsonb_build_object('id', r.id, 'name', r.name, 'status', r.status, 'created_at', r.created_at) AS row
            FROM allocation_rounds r WHERE r.created_by = $1 ORDER BY r.created_at`,
  },
  {
    key: 'roundRunsStarted',
    description: 'Allocation runs you started as HR.',
    covers: [{ table: 'round_runs', column: 'created_by' }],
    sql: `SELECT jsonb_build_object('id', r.id, 'round_id', r.round_id, 'kind', r.kind, 'status', r.status,
                                    'created_at', r.created_at) AS row
            FROM round_runs r WHERE r.created_by = $1 ORDER BY r.created_at`,
  },
  {
    key: 'opportunitiesLed',
    description: 'Opportunities you lead as supervisor.',
    covers: [{ table: 'opportunities', column: 'lead_supervisor_id' }],
    sql: `SELECT jsonb_build_object('id', o.id, 'title', o.title, 'kind', o.kind, 'status', o.status,
                                    'created_at', o.created_at) AS row
            FROM opportunities o WHERE o.lead_supervisor_id = $1 ORDER BY o.created_at`,
  },
  {
    key: 'coSupervisions',
    description: 'Opportunities you were invited to co-supervise, and your answer.',
    covers: [{ table: 'co_supervisions', column: 'co_supervisor_id' }],
    sql: `SELECT to_jsonb(c) AS row FROM co_supervisions c WHERE c.co_supervisor_id = $1`,
  },
  {
    key: 'roleProfilesCreated',
    description: 'Role profile versions you wrote.',
    covers: [{ table: 'role_profiles', column: 'created_by' }],
    sql: `SELECT jsonb_build_object('id', r.id, 'title', r.title, 'version', r.version, 'created_at', r.created_at) AS row
            FROM role_profiles r WHERE r.created_by = $1 ORDER BY r.created_at`,
  },
  {
    key: 'notifications',
    description: 'Your notifications.',
    covers: [{ table: 'notifications', column: 'user_id' }],
    sql: `SELECT to_jsonb(n) AS row FROM notifications n WHERE n.user_id = $1 ORDER BY n.created_at, n.id`,
  },
  {
    key: 'talentProfileShares',
    description: 'The share links of your talent profile (without their tokens, which are not kept).',
    covers: [{ table: 'talent_profile_shares', column: 'person_id' }],
    sql: `SELECT to_jsonb(s) - 'token_hash' AS row FROM talent_profile_shares s WHERE s.person_id = $1 ORDER BY s.created_at`,
  },
  {
    key: 'sessions',
    description: 'Your browser sessions (without their tokens).',
    covers: [{ table: 'auth_sessions', column: 'user_id' }],
    sql: `SELECT to_jsonb(s) AS row FROM auth_sessions s WHERE s.user_id = $1 ORDER BY s.created_at`,
  },
  {
    key: 'readsOfYourData',
    description:
      'Reads of your personal data by HR and admins: when, what, and the organisation and roles of the reader.',
    covers: [{ table: 'personal_data_reads', column: 'subject_id' }],
    sql: `SELECT to_jsonb(r) - 'reader_id' AS row FROM personal_data_reads r WHERE r.subject_id = $1 ORDER BY r.read_at, r.id`,
  },
  {
    key: 'dataSubjectRequests',
    description: 'Your exports and erasure requests.',
    covers: [{ table: 'data_subject_requests', column: 'subject_id' }],
    sql: `SELECT to_jsonb(d) - 'requested_by' - 'completed_by' AS row FROM data_subject_requests d
           WHERE d.subject_id = $1 ORDER BY d.created_at, d.id`,
  },
  {
    key: 'consents',
    description: 'Your consents to optional purposes: the text version, when given, when withdrawn.',
    covers: [{ table: 'consents', column: 'person_id' }],
    sql: `SELECT to_jsonb(c) || jsonb_build_object('purpose_code', p.code) AS row
            FROM consents c JOIN processing_purposes p ON p.id = c.purpose_id
           WHERE c.person_id = $1 ORDER BY c.given_at, c.id`,
  },
  {
    key: 'privacyActions',
    description:
      'Uses of your data protection rights (consents, restrictions, corrections, contests): who acted is shown when it was you.',
    covers: [],
    sql: `SELECT CASE WHEN a.actor_id = $1 THEN to_jsonb(a) ELSE to_jsonb(a) - 'actor_id' END AS row
            FROM privacy_actions a WHERE a.subject_id = $1 ORDER BY a.occurred_at, a.id`,
  },
  {
    key: 'processingRestrictions',
    description: 'Restrictions of processing of your data, with their reasons.',
    covers: [{ table: 'processing_restrictions', column: 'person_id' }],
    sql: `SELECT to_jsonb(r) - 'requested_by' - 'lifted_by' AS row FROM processing_restrictions r
           WHERE r.person_id = $1 ORDER BY r.started_at, r.id`,
  },
  {
    key: 'contests',
    description:
      'Decisions you contested: your reason, what the matching computed and what a person decided when you filed it, and HR’s answer.',
    covers: [{ table: 'contests', column: 'person_id' }],
    sql: `SELECT to_jsonb(c) AS row FROM contests c WHERE c.person_id = $1 ORDER BY c.filed_at, c.id`,
  },
  {
    key: 'dataCorrections',
    description:
      'Corrections HR or an admin made to your data: what changed (before and after), who and why.',
    covers: [{ table: 'data_corrections', column: 'person_id' }],
    sql: `SELECT to_jsonb(d) AS row FROM data_corrections d WHERE d.person_id = $1 ORDER BY d.corrected_at, d.id`,
  },
  {
    key: 'accountActivity',
    description: 'When you last signed in (accounts inactive for long are erased, see the register).',
    covers: [{ table: 'account_activity', column: 'user_id' }],
    sql: `SELECT to_jsonb(a) AS row FROM account_activity a WHERE a.user_id = $1`,
  },
];
