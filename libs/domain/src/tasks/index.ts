export * from './task-definition.js';
export * from './task.js';
export * from './task-entity.js';
export * from './task-patch.js';
export * from './merge-task-change.js';
export * from './launch.js';
export * from './container-definition.js';
export * from './validation/index.js';
