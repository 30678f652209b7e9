import { Foundation1795624859575 } from './1795624859575-Foundation';

/** Every migration, in order. Add a generated migration here when it lands; never edit a landed one. */
export const MIGRATIONS = [Foundation1795624859575];
