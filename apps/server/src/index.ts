export { buildApp, closeGracefully, DEFAULT_REQUEST_TIMEOUT_MS, type AppOptions, type RouteRecord } from './app.js';
export { serve, type ServeOptions } from './server.js';
export { PERMISSIONS, type Permission } from './http/permissions.js';
