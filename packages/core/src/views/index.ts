export * from './view-records.js';
export * from './list-saved-views.js';
export * from './get-saved-view.js';
export * from './create-saved-view.js';
export * from './update-saved-view.js';
export * from './delete-saved-view.js';
