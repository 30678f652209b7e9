import type { ReactNode } from 'react';
import classes from './table-scroll.module.css';

/**
 * A table that scrolls sideways on a narrow screen: a named region in the tab order, so a keyboard
 * user can scroll it too (WCAG 2.1.1; axe `scrollable-region-focusable`). The table inside sets
 * its own minimum width.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className={classes.scroll} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
