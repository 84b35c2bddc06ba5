import type { QueryExpression, QuerySubject } from './ast.js';

/** Every subject an expression reads, so a caller can tell which facts it depends on. */
export function querySubjects(expr: QueryExpression): QuerySubject[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return [...querySubjects(expr.left), ...querySubjects(expr.right)];
    case 'not':
      return querySubjects(expr.operand);
    default:
      return [expr.subject];
  }
}
