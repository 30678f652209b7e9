import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/** One transaction per use case: the service passes `em` down to its repositories. */
@Injectable()
export class TransactionRunner {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('READ COMMITTED', work);
  }
}
