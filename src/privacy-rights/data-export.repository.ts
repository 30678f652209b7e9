import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { EXPORT_SOURCES } from './export-sources';

export type ExportSections = Record<string, unknown[]>;

/** Reads every export section of one person (read-only SQL; the tables stay their features'). */
@Injectable()
export class DataExportRepository {
  /** Whether the account exists (for NOT_FOUND before anything is read). */
  async personExists(em: EntityManager, personId: string): Promise<boolean> {
    const rows: unknown[] = await em.query('SELECT 1 FROM users WHERE id = $1', [personId]);
    return rows.length > 0;
  }

  /** Every section, in the order of EXPORT_SOURCES; call inside one REPEATABLE READ transaction. */
  async readSections(em: EntityManager, personId: string): Promise<ExportSections> {
    const sections: ExportSections = {};
    for (const source of EXPORT_SOURCES) {
      const rows: { row: unknown }[] = await em.query(source.sql, [personId]);
      sections[source.key] = rows.map((r) => r.row);
    }
    return sections;
  }
}
