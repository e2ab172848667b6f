import rule from '../../../src/scanner/rules/quality/loose-equality.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    'a === b;',
    'a !== b;',
    'if (a == null) {}',
    'if (null != a) {}',
    { name: 'typeof always yields a string', code: 'if (typeof a == "function") {}' },
    { name: 'typeof on the right', code: 'if ("object" != typeof a) {}' },
    { name: 'two string literals', code: 'if ("a" == "b") {}' },
  ],
  invalid: [
    { code: 'if (a == 0) {}', errors: [{ line: 1, messageId: 'loose', message: 'Use ===' }] },
    { code: 'const x = 1;\nif (x != "1") {}', errors: [{ line: 2, message: 'Use !==' }] },
    { code: 'if (a == undefined) {}', errors: [{ line: 1 }] },
    { name: 'typeof compared with a non-literal still coerces nothing but is not provably safe', code: 'if (typeof a == kind) {}', errors: [{ line: 1 }] },
    { name: 'a number literal against a string literal', code: 'if (1 == "1") {}', errors: [{ line: 1 }] },
  ],
});
