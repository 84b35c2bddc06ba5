export * from './task-definition.js';
export * from './task.js';
export * from './task-entity.js';
export * from './validation/index.js';
