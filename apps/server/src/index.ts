export { buildApp, type AppOptions, type RouteRecord } from './app.js';
export { serve, type ServeOptions } from './server.js';
export { PERMISSIONS, type Permission } from './http/permissions.js';
