// missing-test: a source module that exports something and that no test file imports. Such
// code changes without a test noticing, and an automated change to it cannot be verified.
import { defineProjectRule } from '../../project-rule.js';

export default defineProjectRule({
  meta: {
    id: 'missing-test',
    category: 'completeness',
    severity: 'low',
    description: 'Modules with exports that no test file imports.',
    messages: {
      untested: 'No test file imports this module ({{file}}); its exports are not tested directly.',
    },
    recommendation: 'Add a test file that imports the module and covers its exported behaviour.',
    confidence: 0.6,
  },
  check(context) {
    if (context.testFiles.length === 0) return; // a project without any test files is not reported file by file
    for (const [file, facts] of context.files) {
      if (!facts.hasExports || facts.onlyReExports || context.isTestFile(file)) continue;
      if (context.testImports.has(file)) continue;
      // The whole module is the subject: no code line to show (and no need to read the file).
      context.report({ file, line: 1, messageId: 'untested', data: { file }, fingerprintText: 'missing-test', snippet: '' });
    }
  },
});
