import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import './theme.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Autocomplete, MantineProvider, MultiSelect, Notification, Select, createTheme } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { SessionProvider } from './session';
import { ReauthProvider } from './components/Reauthenticate';
import { router } from './routes';
import { foldingFilter } from './search-filter';

// Shade 8 of indigo keeps white button text and light-variant text above the WCAG AA contrast ratio (4.5:1).
// Searchable dropdowns ignore case and accents, as the server's searches do.
const theme = createTheme({
  primaryColor: 'indigo', primaryShade: 8, defaultRadius: 'sm', fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    Select: Select.extend({ defaultProps: { filter: foldingFilter } }),
    MultiSelect: MultiSelect.extend({ defaultProps: { filter: foldingFilter } }),
    Autocomplete: Autocomplete.extend({ defaultProps: { filter: foldingFilter } }),
    // A notification's close button is an icon: it needs a name for screen readers. Under a title the library dims the
    // message below WCAG AA contrast: keep it in the text colour.
    Notification: Notification.extend({
      defaultProps: { closeButtonProps: { 'aria-label': 'Close notification' } },
      styles: { description: { color: 'var(--mantine-color-text)' } },
    }),
  },
});
// After an upgrade the server holds only the new build's files: a page still running the previous build fails to load
// its next chunk. Reload once to fetch the new build; a second failure within a minute is shown as the error it is.
window.addEventListener('vite:preloadError', (event) => {
  const last = Number(sessionStorage.getItem('custodia.reloadedForBuild') ?? 0);
  if (Date.now() - last < 60_000) return;
  sessionStorage.setItem('custodia.reloadedForBuild', String(Date.now()));
  event.preventDefault();
  window.location.reload();
});

const queries = new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="top-right" />
      <QueryClientProvider client={queries}>
        <SessionProvider>
          <ReauthProvider>
            <RouterProvider router={router} />
          </ReauthProvider>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
