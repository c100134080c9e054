import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The Custodia server serves dist/ on the same port as the API; `npm run dev -w apps/web` proxies the API to it.
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
