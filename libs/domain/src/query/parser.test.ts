import { describe, expect, it } from 'vitest';
import { EcsError } from '../errors.js';
import type { QueryExpression } from './ast.js';
import { maxQueryDepth, maxQueryLength, parseQuery } from './parser.js';
import { and, attr, cmp, exists, list, match, not, or, subj, syntaxMessage } from './test-helpers.js';

describe('parseQuery: the ECS examples', () => {
  it.each<[string, QueryExpression]>([
    ['attribute:ecs.instance-type == t2.small', cmp('attribute:ecs.instance-type', '==', 't2.small')],
    [
      'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]',
      list('attribute:ecs.availability-zone', 'in', ['us-east-1a', 'us-east-1b']),
    ],
    ['task:group == service:web', cmp('task:group', '==', 'service:web')],
    ['not(task:group == database)', not(cmp('task:group', '==', 'database'))],
    ['attribute:ecs.instance-type =~ t2.*', match('attribute:ecs.instance-type', '=~', 't2.*')],
    [
      'runningTasksCount > 3 and agentConnected == true',
      and(cmp('runningTasksCount', '>', '3'), cmp('agentConnected', '==', 'true')),
    ],
    ['attribute:disk exists', exists('attribute:disk')],
    [
      'attribute:disk !exists || attribute:disk != hdd',
      or(exists('attribute:disk', '!exists'), cmp('attribute:disk', '!=', 'hdd')),
    ],
    ['registeredAt < 2026-01-01T00:00:00Z', cmp('registeredAt', '<', '2026-01-01T00:00:00Z')],
    [
      '(hostname == 1 or attribute:b == 2) and not attribute:c exists',
      and(or(cmp('hostname', '==', '1'), cmp('attribute:b', '==', '2')), not(exists('attribute:c'))),
    ],
    ['attribute:zone==a', cmp('attribute:zone', '==', 'a')],
  ])('%s', (text, expected) => {
    expect(parseQuery(text)).toEqual(expected);
  });
});

describe('parseQuery: subjects', () => {
  it.each<[string, QueryExpression]>([
    ['agentConnected == false', cmp('agentConnected', '==', 'false')],
    ['agentConnected == TRUE', cmp('agentConnected', '==', 'TRUE')],
    ['agentVersion >= 1.80.0', cmp('agentVersion', '>=', '1.80.0')],
    ['ec2InstanceId == i-0abc', cmp('ec2InstanceId', '==', 'i-0abc')],
    ['registeredAt >= 2026-01-01', cmp('registeredAt', '>=', '2026-01-01')],
    ['runningTasksCount <= 10', cmp('runningTasksCount', '<=', '10')],
    ['task:group != family:batch', cmp('task:group', '!=', 'family:batch')],
    ['instanceId == 0123abcd', cmp('instanceId', '==', '0123abcd')],
    ['hostname == node-1.example.com', cmp('hostname', '==', 'node-1.example.com')],
    ['attribute:com.example/team:owner exists', exists('attribute:com.example/team:owner')],
    ['attribute:A_b-9 exists', exists('attribute:A_b-9')],
    [`attribute:${'n'.repeat(128)} exists`, exists(`attribute:${'n'.repeat(128)}`)],
  ])('%s', (text, expected) => {
    expect(parseQuery(text)).toEqual(expected);
  });
});

describe('parseQuery: operators', () => {
  it.each<[string, QueryExpression]>([
    ['attribute:a == x', cmp('attribute:a', '==', 'x')],
    ['attribute:a != x', cmp('attribute:a', '!=', 'x')],
    ['attribute:a > 5', cmp('attribute:a', '>', '5')],
    ['attribute:a >= 5', cmp('attribute:a', '>=', '5')],
    ['attribute:a < 5', cmp('attribute:a', '<', '5')],
    ['attribute:a <= 5', cmp('attribute:a', '<=', '5')],
    ['attribute:a exists', exists('attribute:a')],
    ['attribute:a EXISTS', exists('attribute:a')],
    ['attribute:a !exists', exists('attribute:a', '!exists')],
    ['attribute:a !EXISTS', exists('attribute:a', '!exists')],
    ['attribute:a in [x]', list('attribute:a', 'in', ['x'])],
    ['attribute:a IN [x, y]', list('attribute:a', 'in', ['x', 'y'])],
    ['attribute:a not_in [x, y]', list('attribute:a', 'not_in', ['x', 'y'])],
    ['attribute:a NOT_IN [x]', list('attribute:a', 'not_in', ['x'])],
    ['attribute:a =~ ^x', match('attribute:a', '=~', '^x')],
    ['attribute:a !~ ^x', match('attribute:a', '!~', '^x')],
    ['attribute:a==x', cmp('attribute:a', '==', 'x')],
    ['attribute:a!=x', cmp('attribute:a', '!=', 'x')],
    ['attribute:a>=5', cmp('attribute:a', '>=', '5')],
    ['attribute:a<5', cmp('attribute:a', '<', '5')],
    ['attribute:a=~x', match('attribute:a', '=~', 'x')],
    ['attribute:a!exists', exists('attribute:a', '!exists')],
    ['runningTasksCount in [0, 1, 2]', list('runningTasksCount', 'in', ['0', '1', '2'])],
    ['runningTasksCount != -1', cmp('runningTasksCount', '!=', '-1')],
    ['runningTasksCount < 1.5', cmp('runningTasksCount', '<', '1.5')],
    ['registeredAt not_in [2026-01-01, 2026-01-02]', list('registeredAt', 'not_in', ['2026-01-01', '2026-01-02'])],
    ['agentConnected in [true, false]', list('agentConnected', 'in', ['true', 'false'])],
    ['agentConnected exists', exists('agentConnected')],
    ['registeredAt !exists', exists('registeredAt', '!exists')],
  ])('%s', (text, expected) => {
    expect(parseQuery(text)).toEqual(expected);
  });
});

describe('parseQuery: precedence and grouping', () => {
  const a = exists('attribute:a');
  const b = exists('attribute:b');
  const c = exists('attribute:c');
  const d = exists('attribute:d');
  it.each<[string, QueryExpression]>([
    ['attribute:a exists or attribute:b exists and attribute:c exists', or(a, and(b, c))],
    ['attribute:a exists and attribute:b exists or attribute:c exists', or(and(a, b), c)],
    ['attribute:a exists || attribute:b exists && attribute:c exists', or(a, and(b, c))],
    ['attribute:a exists&&attribute:b exists||attribute:c exists', or(and(a, b), c)],
    ['(attribute:a exists or attribute:b exists) and attribute:c exists', and(or(a, b), c)],
    ['attribute:a exists and attribute:b exists and attribute:c exists', and(and(a, b), c)],
    ['attribute:a exists and (attribute:b exists and attribute:c exists)', and(a, and(b, c))],
    ['attribute:a exists or attribute:b exists or attribute:c exists', or(or(a, b), c)],
    ['not attribute:a exists and attribute:b exists', and(not(a), b)],
    ['not (attribute:a exists and attribute:b exists)', not(and(a, b))],
    ['!(attribute:a exists or attribute:b exists)', not(or(a, b))],
    ['! attribute:a exists', not(a)],
    ['!attribute:a exists', not(a)],
    ['not not attribute:a exists', not(not(a))],
    ['!!attribute:a exists', not(not(a))],
    ['NOT attribute:a exists AND attribute:b exists OR attribute:c exists', or(and(not(a), b), c)],
    ['Not(attribute:a exists) aNd attribute:b exists oR attribute:c exists', or(and(not(a), b), c)],
    ['((attribute:a exists))', a],
    [
      'attribute:a exists and attribute:b exists or attribute:c exists and attribute:d exists',
      or(and(a, b), and(c, d)),
    ],
    ['attribute:a exists and not (attribute:b exists or not attribute:c exists)', and(a, not(or(b, not(c))))],
    ['\tattribute:a exists\n and\r\nattribute:b exists  ', and(a, b)],
  ])('%s', (text, expected) => {
    expect(parseQuery(text)).toEqual(expected);
  });
});

describe('parseQuery: arguments and quoting', () => {
  it.each<[string, string]>([
    ['hostname == t2.small', 't2.small'],
    ['hostname == us-east-1a', 'us-east-1a'],
    ['hostname == a/b@c+d_e', 'a/b@c+d_e'],
    ["hostname == 'two words'", 'two words'],
    ['hostname == "two words"', 'two words'],
    ["hostname == ''", ''],
    ['hostname == ""', ''],
    ["hostname == 'it\\'s'", "it's"],
    ['hostname == "say \\"hi\\""', 'say "hi"'],
    ["hostname == 'say \"hi\"'", 'say "hi"'],
    ['hostname == "it\'s"', "it's"],
    ["hostname == 'back\\\\slash'", 'back\\slash'],
    ["hostname == 'tab\\there'", 'tab\there'],
    ["hostname == 'line\\nbreak\\r'", 'line\nbreak\r'],
    ["hostname == 'kept\\.escape'", 'kept\\.escape'],
    ["hostname == 'and'", 'and'],
    ['hostname == "OR"', 'OR'],
    ["hostname == 'a, b] )'", 'a, b] )'],
    ["hostname == 'ünïcødé 😀'", 'ünïcødé 😀'],
    ['hostname == not', 'not'],
    ['hostname == exists', 'exists'],
    ['hostname == in', 'in'],
  ])('%s → %j', (text, value) => {
    expect(parseQuery(text)).toEqual(cmp('hostname', '==', value));
  });

  it.each<[string, string[]]>([
    ['attribute:a in [x,y,z]', ['x', 'y', 'z']],
    ['attribute:a in [ x , y ]', ['x', 'y']],
    ["attribute:a in ['x y', \"z\", w]", ['x y', 'z', 'w']],
    ["attribute:a in ['', ',']", ['', ',']],
    ['attribute:a in [x, x]', ['x', 'x']],
  ])('list %s', (text, values) => {
    expect(parseQuery(text)).toEqual(list('attribute:a', 'in', values));
  });
});

describe('parseQuery: regular expressions', () => {
  it.each<[string, QueryExpression]>([
    ['attribute:a =~ t2.*', match('attribute:a', '=~', 't2.*')],
    ['attribute:a =~ ^m5\\.(large|xlarge)$', match('attribute:a', '=~', '^m5\\.(large|xlarge)$')],
    ['attribute:a =~ [a-z]{2,3}\\d+', match('attribute:a', '=~', '[a-z]{2,3}\\d+')],
    ['attribute:a =~ [)]', match('attribute:a', '=~', '[)]')],
    ['attribute:a =~ \\)', match('attribute:a', '=~', '\\)')],
    ['attribute:a =~ a,b]', match('attribute:a', '=~', 'a,b]')],
    ["attribute:a =~ 't2\\.small'", match('attribute:a', '=~', 't2\\.small')],
    ['attribute:a =~ "with space"', match('attribute:a', '=~', 'with space')],
    ["attribute:a =~ 'and'", match('attribute:a', '=~', 'and')],
    ['(attribute:a =~ (x|y))', match('attribute:a', '=~', '(x|y)')],
    ['(attribute:a =~ x)', match('attribute:a', '=~', 'x')],
    ['not(attribute:a !~ x.*)', not(match('attribute:a', '!~', 'x.*'))],
    ['attribute:a =~ t2.*&&hostname==h', and(match('attribute:a', '=~', 't2.*'), cmp('hostname', '==', 'h'))],
    ['attribute:a =~ t2.*||hostname==h', or(match('attribute:a', '=~', 't2.*'), cmp('hostname', '==', 'h'))],
    ['attribute:a =~ t2.* and hostname =~ ^n', and(match('attribute:a', '=~', 't2.*'), match('hostname', '=~', '^n'))],
    ['task:group =~ ^service:', match('task:group', '=~', '^service:')],
  ])('%s', (text, expected) => {
    expect(parseQuery(text)).toEqual(expected);
  });
});

describe('parseQuery: limits', () => {
  it(`accepts ${maxQueryLength} characters and refuses one more`, () => {
    const pad = (n: number) => `hostname == '${'x'.repeat(n - "hostname == ''".length)}'`;
    expect(pad(maxQueryLength)).toHaveLength(maxQueryLength);
    expect(() => parseQuery(pad(maxQueryLength))).not.toThrow();
    expect(() => parseQuery(pad(maxQueryLength + 1))).toThrow(
      `Invalid memberOf expression: the expression is ${maxQueryLength + 1} characters long; the limit is ${maxQueryLength}.`,
    );
  });

  it.each(['', '   ', '\n\t'])('refuses an empty expression %j', (text) => {
    expect(() => parseQuery(text)).toThrow(new EcsError('InvalidParameterException', 'Invalid memberOf expression: the expression is empty.'));
  });

  it(`nests ${maxQueryDepth} levels and no more`, () => {
    const nested = (n: number) => `${'('.repeat(n)}hostname == a${')'.repeat(n)}`;
    expect(parseQuery(nested(maxQueryDepth))).toEqual(cmp('hostname', '==', 'a'));
    const text = nested(maxQueryDepth + 1);
    expect(() => parseQuery(text)).toThrow(
      `Invalid memberOf expression at position ${maxQueryDepth + 1}: the expression nests more than ${maxQueryDepth} levels deep.\n`,
    );
    expect(parseQuery(`${'not '.repeat(maxQueryDepth)}hostname == a`)).toBeDefined();
    expect(() => parseQuery(`${'!'.repeat(maxQueryDepth + 1)}hostname == a`)).toThrow(/position 101: the expression nests/);
  });

  it(`accepts a 128-character attribute name and refuses 129`, () => {
    const text = `attribute:${'n'.repeat(129)} exists`;
    expect(() => parseQuery(text)).toThrow(
      'Invalid memberOf expression at position 139: attribute name is longer than 128 characters.\n',
    );
  });
});

describe('parseQuery: errors point at the position', () => {
  it('reads like the brief', () => {
    expect(() => parseQuery('attribute:disk foo bar')).toThrow(
      "Invalid memberOf expression at position 16: expected an operator after 'attribute:disk', found 'foo'.\n" +
        '  attribute:disk foo bar\n' +
        '                 ^',
    );
  });

  it('throws an InvalidParameterException', () => {
    const err = (() => {
      try {
        parseQuery('hostname ==');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(EcsError);
    expect((err as EcsError).errorName).toBe('InvalidParameterException');
  });

  const subjects =
    'subjects are attribute:<name>, agentConnected, agentVersion, ec2InstanceId, hostname, instanceId, registeredAt, runningTasksCount, task:group';
  const attributeChars = "use letters, digits, '-', '_', '.', '/' and ':'";
  const date = 'an ISO 8601 date such as 2026-01-01 or 2026-01-01T00:00:00Z';
  it.each<[string, number, string]>([
    // subjects
    ['a == 1', 1, `unknown subject 'a'; ${subjects}`],
    ['(a == 1 or attribute:b == 2) and not attribute:c exists', 2, `unknown subject 'a'; ${subjects}`],
    ['hostname == a and bogus exists', 19, `unknown subject 'bogus'; ${subjects}`],
    ['AgentConnected == true', 1, "unknown subject 'AgentConnected'; did you mean 'agentConnected'"],
    ['TASK:GROUP == x', 1, "unknown subject 'TASK:GROUP'; did you mean 'task:group'"],
    ['Attribute:x exists', 1, "unknown subject 'Attribute:x'; did you mean 'attribute:x'"],
    ['attribute: == 1', 11, "expected an attribute name after 'attribute:', found '=='"],
    ['attribute:', 11, "expected an attribute name after 'attribute:', found the end of the expression"],
    ['attribute:a@b == 1', 12, `invalid character '@' in an attribute name; ${attributeChars}`],
    ['attribute:a+b exists', 12, `invalid character '+' in an attribute name; ${attributeChars}`],
    ['attribute:😀 == 1', 11, `invalid character '😀' in an attribute name; ${attributeChars}`],
    ["'hostname' == a", 1, "expected a condition or '(', found ''hostname''"],
    // where a condition should start
    ['and', 1, "expected a condition or '(', found 'and'"],
    ['OR hostname == a', 1, "expected a condition or '(', found 'OR'"],
    ['== a', 1, "expected a condition or '(', found '=='"],
    ['not', 4, "expected a condition or '(' after 'not', found the end of the expression"],
    ['!', 2, "expected a condition or '(' after '!', found the end of the expression"],
    ['not == 1', 5, "expected a condition or '(' after 'not', found '=='"],
    ['!exists', 1, "expected a condition or '(', found '!exists'"],
    ['hostname == a and', 18, "expected a condition or '(' after 'and', found the end of the expression"],
    ['hostname == a && ) ', 18, "expected a condition or '(' after '&&', found ')'"],
    ['hostname == a or or', 18, "expected a condition or '(' after 'or', found 'or'"],
    ['hostname == a || [', 18, "expected a condition or '(' after '||', found '['"],
    ['()', 2, "expected a condition or '(' after '(', found ')'"],
    // operators
    ['attribute:disk foo bar', 16, "expected an operator after 'attribute:disk', found 'foo'"],
    ['hostname', 9, "expected an operator after 'hostname', found the end of the expression"],
    ['hostname ! exists', 10, "expected an operator after 'hostname', found '!'"],
    ['hostname (a)', 10, "expected an operator after 'hostname', found '('"],
    ['hostname not_exists', 10, "expected an operator after 'hostname', found 'not_exists'"],
    ['agentConnected > true', 16, "operator '>' does not apply to agentConnected (true or false)"],
    ['agentConnected =~ tr', 16, "operator '=~' does not apply to agentConnected (true or false)"],
    ['runningTasksCount !~ 1', 19, "operator '!~' does not apply to runningTasksCount (a number)"],
    ['registeredAt =~ 2026', 14, `operator '=~' does not apply to registeredAt (${date})`],
    // values
    ['hostname ==', 12, "expected a value after '==', found the end of the expression"],
    ['hostname == and hostname == b', 13, "expected a value after '==', found 'and'"],
    ['hostname != || x', 13, "expected a value after '!=', found '||'"],
    ['(hostname >= )', 14, "expected a value after '>=', found ')'"],
    ['hostname == [a]', 13, "expected a value after '==', found '['"],
    ['agentConnected == yes', 19, "expected true or false for agentConnected, found 'yes'"],
    ['agentConnected in [true, 1]', 26, "expected true or false for agentConnected, found '1'"],
    ['runningTasksCount > abc', 21, "expected a number for runningTasksCount, found 'abc'"],
    ['runningTasksCount > 1e3', 21, "expected a number for runningTasksCount, found '1e3'"],
    ["runningTasksCount == '3x'", 22, "expected a number for runningTasksCount, found ''3x''"],
    ['registeredAt < 2026-13-01', 16, `expected ${date} for registeredAt, found '2026-13-01'`],
    ['registeredAt < 2026-02-29', 16, `expected ${date} for registeredAt, found '2026-02-29'`],
    ['registeredAt < 2026-01-01T24:00:00Z', 16, `expected ${date} for registeredAt, found '2026-01-01T24:00:00Z'`],
    ['registeredAt < yesterday', 16, `expected ${date} for registeredAt, found 'yesterday'`],
    // lists
    ['hostname in a', 13, "expected '[' after 'in', found 'a'"],
    ['hostname NOT_IN', 16, "expected '[' after 'NOT_IN', found the end of the expression"],
    ['hostname in []', 14, "expected a value in the list, found ']'"],
    ['hostname in [a,]', 16, "expected a value after ',', found ']'"],
    ['hostname in [,a]', 14, "expected a value in the list, found ','"],
    ['hostname in [a b]', 16, "expected ',' or ']' in the list, found 'b'"],
    ['hostname in [a', 15, "expected ',' or ']' in the list, found the end of the expression"],
    ['hostname in [a, (b)]', 17, "expected a value after ',', found '('"],
    // regexes
    ['hostname =~ t2.(', 13, "invalid regular expression 't2.(': missing closing ): `t2.(`"],
    ["hostname !~ 'a**'", 13, "invalid regular expression 'a**': invalid nested repetition operator: `**`"],
    ['hostname =~ [z-a]', 13, "invalid regular expression '[z-a]': invalid character class range: `z-a`"],
    ["hostname =~ 'a(?=b)'", 13, "invalid regular expression 'a(?=b)': invalid or unsupported Perl syntax: `(?=`"],
    ['hostname =~', 12, "expected a regular expression after '=~', found the end of the expression"],
    ['(hostname =~ )', 14, "expected a regular expression after '=~', found ')'"],
    ['hostname =~ and', 13, "expected a regular expression after '=~', found 'and'"],
    ['hostname =~ && x', 13, "expected a regular expression after '=~', found '&&'"],
    // what may follow a condition
    ['hostname == a hostname == b', 15, "expected 'and', 'or' or the end of the expression, found 'hostname'"],
    ['hostname == a b', 15, "expected 'and', 'or' or the end of the expression, found 'b'"],
    ['hostname exists exists', 17, "expected 'and', 'or' or the end of the expression, found 'exists'"],
    ['hostname == a (', 15, "expected 'and', 'or' or the end of the expression, found '('"],
    ['hostname == a)', 14, "unexpected ')' with no '(' to close"],
    ['(hostname == a', 15, "expected ')' to close the '(' at position 1, found the end of the expression"],
    ['((hostname == a) x', 18, "expected ')' to close the '(' at position 1, found 'x'"],
    // characters and strings
    ['hostname = a', 10, "unexpected '='; compare with '==' or match with '=~'"],
    ['hostname == a & hostname == b', 15, "unexpected '&'; join conditions with '&&' or 'and'"],
    ['hostname == a | hostname == b', 15, "unexpected '|'; join conditions with '||' or 'or'"],
    ['hostname == a%', 14, "unexpected character '%'"],
    ['hostname == t2.*', 16, "unexpected character '*'"],
    ['hostname ~= a', 10, "unexpected character '~'"],
    ['hostname == 😀', 13, "unexpected character '😀'"],
    ['hostname == a\u0000', 14, 'unexpected character U+0000'],
    ["hostname == 'abc", 13, "unterminated string; no closing ' for the one here"],
    ['hostname == "abc\\"', 13, 'unterminated string; no closing " for the one here'],
    ["hostname in ['a', 'b]", 19, "unterminated string; no closing ' for the one here"],
    ["hostname =~ 'abc", 13, "unterminated string; no closing ' for the one here"],
  ])('%j → position %i', (text, column, detail) => {
    expect(() => parseQuery(text)).toThrow(syntaxMessage(text.replace('\u0000', '\uFFFD'), column, detail));
  });

  it('counts positions in characters, not UTF-16 units', () => {
    const text = "hostname == '😀' x";
    expect(() => parseQuery(text)).toThrow(
      syntaxMessage(text, 17, "expected 'and', 'or' or the end of the expression, found 'x'"),
    );
  });

  it('echoes tabs and newlines as spaces so the caret lines up', () => {
    expect(() => parseQuery('hostname ==\n\ta\tb')).toThrow(
      syntaxMessage('hostname ==  a b', 16, "expected 'and', 'or' or the end of the expression, found 'b'"),
    );
  });

  it('shortens long tokens in the message', () => {
    const word = 'x'.repeat(40);
    const text = `hostname == a ${word}`;
    expect(() => parseQuery(text)).toThrow(
      syntaxMessage(text, 15, `expected 'and', 'or' or the end of the expression, found '${'x'.repeat(29)}…'`),
    );
  });

  it('echoes a window of a long expression around the position', () => {
    const text = `${'hostname == a and '.repeat(10)}hostname === b${' and hostname == a'.repeat(10)}`;
    const column = 'hostname == a and '.repeat(10).length + 'hostname =='.length + 1;
    let message = '';
    try {
      parseQuery(text);
    } catch (e) {
      message = (e as Error).message;
    }
    const [head, echo, caret] = message.split('\n');
    expect(head).toBe(`Invalid memberOf expression at position ${column}: unexpected '='; compare with '==' or match with '=~'.`);
    expect(echo).toBe(`  …${text.slice(column - 1 - 40, column - 1 + 40)}…`);
    expect(caret).toBe(`  ${' '.repeat(41)}^`);
  });
});

describe('parseQuery: subjects are tagged', () => {
  it('keeps attribute names and built-in subjects apart', () => {
    expect(parseQuery('attribute:hostname exists')).toEqual({ kind: 'exists', subject: attr('hostname'), operator: 'exists' });
    expect(parseQuery('hostname exists')).toEqual({ kind: 'exists', subject: subj('hostname'), operator: 'exists' });
  });
});
