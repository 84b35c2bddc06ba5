/** The ECS cluster query language (memberOf placement constraints): parse, print, evaluate. */
export type {
  QueryBuiltInSubject,
  QueryComparisonOperator,
  QueryCondition,
  QueryExistsOperator,
  QueryExpression,
  QueryListOperator,
  QueryMatchOperator,
  QueryOperator,
  QuerySubject,
  QueryValueType,
} from './ast.js';
export { queryBuiltInSubjects, subjectValueType } from './ast.js';
export { maxQueryDepth, maxQueryLength, parseQuery } from './parser.js';
export { printQuery } from './print.js';
export { type QueryPredicate, type QueryTarget, compileQuery, evaluateQuery } from './evaluate.js';
export { querySubjects } from './subjects.js';
