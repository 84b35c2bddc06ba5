export * from './resources.js';
export * from './arns.js';
export * from './validation.js';
