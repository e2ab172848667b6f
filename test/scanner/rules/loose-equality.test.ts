import rule from '../../../src/scanner/rules/quality/loose-equality.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: ['a === b;', 'a !== b;', 'if (a == null) {}', 'if (null != a) {}'],
  invalid: [
    { code: 'if (a == 0) {}', errors: [{ line: 1, messageId: 'loose', message: 'Use ===' }] },
    { code: 'const x = 1;\nif (x != "1") {}', errors: [{ line: 2, message: 'Use !==' }] },
    { code: 'if (a == undefined) {}', errors: [{ line: 1 }] },
  ],
});
