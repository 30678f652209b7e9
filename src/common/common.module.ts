import { Global, Module } from '@nestjs/common';
import { TransactionRunner } from './database/transaction';

/** Cross-cutting providers every feature may inject. */
@Global()
@Module({ providers: [TransactionRunner], exports: [TransactionRunner] })
export class CommonModule {}
