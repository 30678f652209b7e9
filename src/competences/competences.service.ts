import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TransactionRunner } from '../common/database/transaction';
import { AppError } from '../common/errors/app-error';
import { CompetenceErrorReason } from './competences.errors';
import { CompetencesRepository } from './competences.repository';
import { CreateCompetenceInput, RenameCompetenceArgs } from './dto/competence.inputs';
import { CompetenceAreaEntity, CompetenceEntity } from './entities/competence.entity';
import { PROFICIENCY_SCALE, ProficiencyLevelDescriptor } from './proficiency-scale';
import { InvalidFields } from '../common/errors/invalid-fields';
import { FieldCode } from '../common/errors/field-codes';

/**
 * The competence framework. Not personal data: every signed-in user reads it; admins change it.
 * Other features call `assertUsable` before they record a new use of a competence.
 */
@Injectable()
export class CompetencesService {
  constructor(
    private readonly repo: CompetencesRepository,
    private readonly tx: TransactionRunner,
  ) {}

  proficiencyScale(): readonly ProficiencyLevelDescriptor[] {
    return PROFICIENCY_SCALE;
  }

  listAreas(): Promise<CompetenceAreaEntity[]> {
    return this.repo.listAreas();
  }

  list(opts: { includeRetired: boolean; search?: string | null }): Promise<CompetenceEntity[]> {
    return this.repo.search({ includeRetired: opts.includeRetired, search: opts.search?.trim() || null });
  }

  /** The competences of `ids` (retired ones too; missing ones are absent), in one query. */
  findByIds(ids: readonly string[]): Promise<CompetenceEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.repo.findByIds(ids);
  }

  /** Retired competences are found too: old records still point at them. */
  async get(id: string): Promise<CompetenceEntity> {
    const [competence] = await this.repo.findByIds([id]);
    if (!competence) throw AppError.notFound('Competence');
    return competence;
  }

  /**
   * For a new assessment or requirement, inside the caller's transaction: the competences of `ids`
   * (deduplicated, in the order given), locked FOR SHARE so none is retired before the caller
   * commits. Throws BAD_USER_INPUT naming `field`: UNKNOWN_COMPETENCE for an id that names none,
   * COMPETENCE_RETIRED for a retired one.
   */
  async assertUsable(
    ids: readonly string[],
    em: EntityManager,
    field = 'competenceId',
  ): Promise<CompetenceEntity[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const found = new Map((await this.repo.findByIdsForShare(unique, em)).map((c) => [c.id, c]));
    const unknown = unique.filter((id) => !found.has(id));
    if (unknown.length > 0) {
      throw AppError.badInput(
        'Unknown competence',
        unknown.map((id) => ({
          field,
          message: `no competence with id ${id}`,
          code: FieldCode.UNKNOWN_REFERENCE,
        })),
        CompetenceErrorReason.UNKNOWN_COMPETENCE,
      );
    }
    const competences = unique.map((id) => found.get(id) as CompetenceEntity);
    const retired = competences.filter((c) => c.retiredAt !== null);
    if (retired.length > 0) {
      throw AppError.badInput(
        `Retired competence: ${retired.map((c) => c.name).join(', ')}`,
        retired.map((c) => ({
          field,
          message: `${c.name} (${c.code}) is retired`,
          code: FieldCode.RETIRED,
          params: { name: c.name },
        })),
        CompetenceErrorReason.COMPETENCE_RETIRED,
      );
    }
    return competences;
  }

  create(input: CreateCompetenceInput): Promise<CompetenceEntity> {
    // The declared constraints and the use case's checks answer together, in one BAD_USER_INPUT.
    const invalid = InvalidFields.of(input);
    return this.tx.run(async (em) => {
      if (!(await this.repo.areaExists(input.areaId, em))) {
        invalid.add(
          [{ field: 'areaId', message: 'no such competence area', code: FieldCode.UNKNOWN_REFERENCE }],
          CompetenceErrorReason.UNKNOWN_COMPETENCE_AREA,
          'Unknown competence area',
        );
      }
      invalid.throwIfAny();
      if (await this.repo.codeTaken(input.code, em)) {
        throw AppError.conflict(
          `A competence with code ${input.code} exists (codes are never reused)`,
          CompetenceErrorReason.COMPETENCE_CODE_TAKEN,
        );
      }
      return this.repo.insert(
        {
          code: input.code,
          name: input.name.trim(),
          description: input.description.trim(),
          areaId: input.areaId,
          externalUri: input.externalUri ?? null,
        },
        em,
      );
    });
  }

  rename(args: RenameCompetenceArgs): Promise<CompetenceEntity> {
    return this.tx.run(async (em) => {
      const competence = await this.repo.findForUpdate(args.id, em);
      if (!competence) throw AppError.notFound('Competence');
      competence.name = args.name.trim();
      if (args.description !== undefined) competence.description = args.description.trim();
      return this.repo.save(competence, em);
    });
  }

  /** Idempotent: retiring a retired competence keeps its first retirement date. */
  retire(id: string, now: Date = new Date()): Promise<CompetenceEntity> {
    return this.tx.run(async (em) => {
      const competence = await this.repo.findForUpdate(id, em);
      if (!competence) throw AppError.notFound('Competence');
      if (competence.retiredAt !== null) return competence;
      competence.retiredAt = now;
      return this.repo.save(competence, em);
    });
  }
}
