import rule from '../../../src/scanner/rules/completeness/todo-comment.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    'const todos = loadTodos();\nconst TODOList = [];\nconst s = "TODO: not a comment";',
    '// render the todos in the sidebar\n// see TODOList for the format',
    '// add a todo item to the store',
    '/* phone format: XXX-XXX-XXXX */',
    '// MY_TODO_FLAG and todo_items are identifiers',
    '// the hacky way is to hack it; Fixmes are listed elsewhere',
    { name: 'an upper-case word in prose, not a marker', code: '// a failing TODO is not a failure (TAP directive)' },
    { code: 'const el = <div>{/* plain comment */}</div>;', filename: 'case.tsx' },
  ],
  invalid: [
    {
      code: 'function f() {\n  // TODO: handle the empty case\n  return 1;\n}',
      errors: [{ line: 2, column: 6, severity: 'info', message: 'TODO comment: "TODO: handle the empty case"' }],
    },
    { code: '// FIXME(alice) leaks a file handle', errors: [{ line: 1, severity: 'low', message: 'FIXME comment' }] },
    { code: 'x(); // HACK: work around the driver bug', errors: [{ line: 1, column: 9, severity: 'low' }] },
    { code: '// XXX this assumes UTC', errors: [{ line: 1, severity: 'info', message: 'XXX comment' }] },
    { code: '// todo: lower case with a colon\n// Fixme later', errors: [{ line: 1, message: 'TODO comment' }, { line: 2, message: 'FIXME' }] },
    {
      name: 'block comments: reported at the marker line, one finding per comment',
      code: '/**\n * Loads the user.\n * @todo cache the result, and FIXME the retry\n */\nfunction load() {}',
      errors: [{ line: 3, column: 5, message: '"Loads the user. @todo cache the result, and FIXME the retry"' }],
    },
    {
      name: 'long comments are quoted up to 80 characters',
      code: `// TODO ${'a'.repeat(100)}`,
      filename: 'case.js',
      errors: [{ line: 1, message: `"TODO ${'a'.repeat(75)}…"` }],
    },
    { code: '/* TODO */\nconst a = 1; /*FIXME*/', errors: [{ line: 1 }, { line: 2, column: 16 }] },
  ],
});
