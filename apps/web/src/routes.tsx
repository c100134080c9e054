import { Center, Loader } from '@mantine/core';
import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout';
import { SignInPage } from './pages/SignIn';
import { RegisterPage } from './pages/Register';
import { NotFoundPage } from './pages/NotFound';
import { HomePage } from './pages/Home';
import { AccountPage } from './pages/Account';

/**
 * Sign-in, the overview, the register and the account page (where a role requiring two-factor sends people) load
 * with the app; every other page is its own chunk, fetched when first
 * opened, so the first page a person sees parses less JavaScript.
 */
/** Shown while the chunk of the page a link or a reload opened first is still loading. */
function PageLoading() {
  return <Center h="100vh"><Loader role="status" aria-label="Loading" /></Center>;
}

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/setup', lazy: async () => ({ Component: (await import('./pages/Setup')).SetupPage }), HydrateFallback: PageLoading },
  {
    element: <Layout />,
    HydrateFallback: PageLoading,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/assets', element: <RegisterPage /> },
      { path: '/assets/:id', lazy: async () => ({ Component: (await import('./pages/AssetPage')).AssetPage }) },
      { path: '/me', lazy: async () => ({ Component: (await import('./pages/MyAssets')).MyAssetsPage }) },
      { path: '/import', lazy: async () => ({ Component: (await import('./pages/Import')).ImportPage }) },
      { path: '/labels', lazy: async () => ({ Component: (await import('./pages/Labels')).LabelsPage }) },
      { path: '/search', lazy: async () => ({ Component: (await import('./pages/Search')).SearchPage }) },
      { path: '/account', element: <AccountPage /> },
      { path: '/admin/accounts', lazy: async () => ({ Component: (await import('./pages/AdminAccounts')).AdminAccountsPage }) },
      { path: '/admin/accounts/:id', lazy: async () => ({ Component: (await import('./pages/AdminAccount')).AdminAccountPage }) },
      { path: '/discrepancies', lazy: async () => ({ Component: (await import('./pages/Discrepancies')).DiscrepanciesPage }) },
      { path: '/devices', lazy: async () => ({ Component: (await import('./pages/Devices')).DevicesPage }) },
      { path: '/devices/:id', lazy: async () => ({ Component: (await import('./pages/Device')).DevicePage }) },
      { path: '/admin/webhooks', lazy: async () => ({ Component: (await import('./pages/AdminWebhooks')).AdminWebhooksPage }) },
      { path: '/admin/discovery', lazy: async () => ({ Component: (await import('./pages/AdminDiscovery')).AdminDiscoveryPage }) },
      { path: '/admin/history', lazy: async () => ({ Component: (await import('./pages/HistoryIntegrity')).HistoryIntegrityPage }) },
      { path: '/admin/security-log', lazy: async () => ({ Component: (await import('./pages/SecurityLog')).SecurityLogPage }) },
      { path: '/admin/asset-types', lazy: async () => ({ Component: (await import('./pages/AdminAssetTypes')).AdminAssetTypesPage }) },
      { path: '/admin/asset-types/:id', lazy: async () => ({ Component: (await import('./pages/AdminAssetType')).AdminAssetTypePage }) },
      { path: '/admin/lifecycle-models', lazy: async () => ({ Component: (await import('./pages/AdminLifecycleModels')).AdminLifecycleModelsPage }) },
      { path: '/admin/lifecycle-models/:id', lazy: async () => ({ Component: (await import('./pages/AdminLifecycleModel')).AdminLifecycleModelPage }) },
      { path: '/purchase-requests', lazy: async () => ({ Component: (await import('./pages/PurchaseRequests')).PurchaseRequestsPage }) },
      { path: '/audits', lazy: async () => ({ Component: (await import('./pages/Audits')).AuditsPage }) },
      { path: '/audits/:id', lazy: async () => ({ Component: (await import('./pages/AuditPlan')).AuditPlanPage }) },
      { path: '/audit-runs/:id', lazy: async () => ({ Component: (await import('./pages/AuditRun')).AuditRunPage }) },
      { path: '/audit-runs/:id/report', lazy: async () => ({ Component: (await import('./pages/AuditReport')).AuditReportPage }) },
      { path: '/admin/org-units', lazy: async () => ({ Component: (await import('./pages/ReferenceTree')).OrgUnitsPage }) },
      { path: '/admin/locations', lazy: async () => ({ Component: (await import('./pages/ReferenceTree')).LocationsPage }) },
      { path: '/admin/people', lazy: async () => ({ Component: (await import('./pages/ReferencePeople')).PeoplePage }) },
      { path: '/people/:id/hand-over', lazy: async () => ({ Component: (await import('./pages/HandOverForm')).HandOverFormPage }) },
      { path: '/admin/manufacturers', lazy: async () => ({ Component: (await import('./pages/ReferenceCatalogue')).ManufacturersPage }) },
      { path: '/admin/suppliers', lazy: async () => ({ Component: (await import('./pages/ReferenceCatalogue')).SuppliersPage }) },
      { path: '/admin/models', lazy: async () => ({ Component: (await import('./pages/ReferenceCatalogue')).ModelsPage }) },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
