import type { ReactNode } from 'react';
import classes from './columns.module.css';

/** One column on a phone, two from medium screens on (CSS only: no injected styles). */
export function Columns({ children }: { children: ReactNode }) {
  return <div className={classes.columns}>{children}</div>;
}
