import { createBrowserRouter } from 'react-router';
import { Layout } from './components/Layout';
import { SignInPage } from './pages/SignIn';
import { SetupPage } from './pages/Setup';
import { RegisterPage } from './pages/Register';
import { AssetPage } from './pages/AssetPage';
import { MyAssetsPage } from './pages/MyAssets';
import { NotFoundPage } from './pages/NotFound';
import { HomePage } from './pages/Home';
import { ImportPage } from './pages/Import';
import { SearchPage } from './pages/Search';

export const router = createBrowserRouter([
  { path: '/sign-in', element: <SignInPage /> },
  { path: '/setup', element: <SetupPage /> },
  {
    element: <Layout />,
    children: [
      { path: '/', element: <HomePage /> },
      { path: '/assets', element: <RegisterPage /> },
      { path: '/assets/:id', element: <AssetPage /> },
      { path: '/me', element: <MyAssetsPage /> },
      { path: '/import', element: <ImportPage /> },
      { path: '/search', element: <SearchPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
