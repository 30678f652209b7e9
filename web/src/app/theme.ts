import { Badge, createTheme } from '@mantine/core';
import badge from './badge.module.css';

/** Shade 8 of blue keeps white text on buttons at AA contrast (4.5:1 and more). */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  focusRing: 'always',
  defaultRadius: 'md',
  components: {
    Badge: Badge.extend({ classNames: { root: badge.root, label: badge.label } }),
  },
});
