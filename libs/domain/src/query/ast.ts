/**
 * The cluster query language's syntax tree (`memberOf` placement expressions): plain readonly data
 * without source positions, so equal expressions compare equal however they were spelled. Values
 * stay as the text the user wrote (unquoted); `compileQuery` turns them into numbers, dates and
 * regular expressions once.
 */

/** Subjects other than `attribute:<name>`; `instanceId` and `hostname` are Berth's own. */
export const queryBuiltInSubjects = [
  'agentConnected',
  'agentVersion',
  'ec2InstanceId',
  'hostname',
  'instanceId',
  'registeredAt',
  'runningTasksCount',
  'task:group',
] as const;
export type QueryBuiltInSubject = (typeof queryBuiltInSubjects)[number];

export type QuerySubject =
  | { readonly kind: 'attribute'; readonly name: string }
  | { readonly kind: QueryBuiltInSubject };

export type QueryComparisonOperator = '==' | '!=' | '>' | '>=' | '<' | '<=';
export type QueryExistsOperator = 'exists' | '!exists';
export type QueryListOperator = 'in' | 'not_in';
export type QueryMatchOperator = '=~' | '!~';
export type QueryOperator = QueryComparisonOperator | QueryExistsOperator | QueryListOperator | QueryMatchOperator;

export type QueryCondition =
  | {
      readonly kind: 'compare';
      readonly subject: QuerySubject;
      readonly operator: QueryComparisonOperator;
      readonly value: string;
    }
  | { readonly kind: 'exists'; readonly subject: QuerySubject; readonly operator: QueryExistsOperator }
  | {
      readonly kind: 'list';
      readonly subject: QuerySubject;
      readonly operator: QueryListOperator;
      readonly values: readonly string[];
    }
  | {
      readonly kind: 'match';
      readonly subject: QuerySubject;
      readonly operator: QueryMatchOperator;
      readonly pattern: string;
    };

export type QueryExpression =
  | QueryCondition
  | { readonly kind: 'and'; readonly left: QueryExpression; readonly right: QueryExpression }
  | { readonly kind: 'or'; readonly left: QueryExpression; readonly right: QueryExpression }
  | { readonly kind: 'not'; readonly operand: QueryExpression };

/** How a subject's values compare. */
export type QueryValueType = 'string' | 'boolean' | 'number' | 'date';

export function subjectValueType(subject: QuerySubject): QueryValueType {
  switch (subject.kind) {
    case 'agentConnected':
      return 'boolean';
    case 'runningTasksCount':
      return 'number';
    case 'registeredAt':
      return 'date';
    default:
      return 'string';
  }
}

/** Booleans take only equality and lists; numbers and dates everything but regexes. */
export function operatorApplies(operator: QueryOperator, type: QueryValueType): boolean {
  if (type === 'string') return true;
  if (operator === '=~' || operator === '!~') return false;
  if (type === 'boolean') return !(operator === '>' || operator === '>=' || operator === '<' || operator === '<=');
  return true;
}

export function subjectText(subject: QuerySubject): string {
  return subject.kind === 'attribute' ? `attribute:${subject.name}` : subject.kind;
}
