export * from './task-definition.js';
export * from './task.js';
