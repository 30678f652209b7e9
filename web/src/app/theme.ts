import { createTheme } from '@mantine/core';

/** Shade 8 of blue keeps white text on buttons at AA contrast (4.5:1 and more). */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  focusRing: 'always',
  defaultRadius: 'md',
});
