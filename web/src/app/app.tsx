import { MantineProvider } from '@mantine/core';
import { RouterProvider } from 'react-router';
import { Provider as UrqlProvider, type Client } from 'urql';
import { createRouter } from './router';
import { theme } from './theme';

/**
 * Providers: Mantine (its CSS variables come from the stylesheet, not an injected <style> tag, so a
 * strict Content-Security-Policy holds), the GraphQL client, the router.
 */
export function App({ client }: { client: Client }) {
  return (
    <MantineProvider theme={theme} withCssVariables={false} withGlobalClasses={false}>
      <UrqlProvider value={client}>
        <RouterProvider router={createRouter()} />
      </UrqlProvider>
    </MantineProvider>
  );
}
