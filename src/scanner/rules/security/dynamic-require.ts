// dynamic-require: `require(x)` and `import(x)` where x is not a constant. Whoever controls the
// specifier chooses which code the process loads and runs (a path to an uploaded file, a
// package name from a request). Constant specifiers, including constant templates and
// `path.join(__dirname, "x")`, are not reported; `require.resolve` only resolves and is ignored.
// The confidence follows the specifier's origin (outside input: high; unknown: at most 0.5),
// since plugin and config loaders legitimately load modules named at run time.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule } from '../../rule.js';
import { memberPropertyName } from '../../analysis/file-analysis.js';
import { confidenceOf, describeOrigin } from './command-injection.js';

export default defineRule({
  meta: {
    id: 'dynamic-require',
    category: 'security',
    severity: 'medium',
    description: 'Modules loaded with require() or import() from a specifier that is not a constant.',
    cwe: ['CWE-95', 'CWE-829'],
    owasp: ['A03:2021-Injection', 'A08:2021-Software and Data Integrity Failures'],
    messages: {
      dynamicRequire: 'require() loads a module named by {{source}}: whoever controls the name chooses the code that runs.',
      dynamicImport: 'import() loads a module named by {{source}}: whoever controls the name chooses the code that runs.',
    },
    recommendation:
      'Load modules from a fixed list (a map from allowed names to constant specifiers), or check the resolved path against an allow-list before loading it.',
  },
  create(context) {
    const { analysis } = context;
    return {
      CallExpression(node) {
        if (node.callee.type !== 'Identifier') return;
        if (!isRequireFunction(node.callee, analysis)) return;
        const specifier = node.arguments[0];
        if (!specifier || specifier.type === 'SpreadElement') return;
        if (specifier.type === 'Literal' || isResolveOfConstant(specifier, analysis)) return;
        const origin = analysis.origin(specifier);
        if (origin.kind === 'constant') return;
        context.report({
          node: specifier,
          messageId: 'dynamicRequire',
          data: { source: describeOrigin(origin) },
          // a .json file is parsed, not run: a wrong one leaks data but runs no code
          confidence: endsWithJson(specifier, analysis) ? Math.min(0.3, confidenceOf(origin)) : confidenceOf(origin),
          metadata: { source: describeOrigin(origin) },
        });
      },
      ImportExpression(node) {
        const specifier = node.source;
        if (specifier.type === 'Literal') return;
        const origin = analysis.origin(specifier);
        if (origin.kind === 'constant') return;
        context.report({
          node: specifier,
          messageId: 'dynamicImport',
          data: { source: describeOrigin(origin) },
          confidence: confidenceOf(origin),
          metadata: { source: describeOrigin(origin) },
        });
      },
    };
  },
});

/** `require(require.resolve("./x"))`: resolving a constant gives a constant. */
function isResolveOfConstant(node: TSESTree.Node, analysis: { isConstant(n: TSESTree.Node): boolean }): boolean {
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression') return false;
  const callee = node.callee;
  if (callee.object.type !== 'Identifier' || callee.object.name !== 'require' || memberPropertyName(callee) !== 'resolve') return false;
  const arg = node.arguments[0];
  return arg !== undefined && arg.type !== 'SpreadElement' && analysis.isConstant(arg);
}

/** The last constant part of the specifier names a .json file (`path.join(dir, "package.json")`). */
function endsWithJson(node: TSESTree.Node, analysis: { staticString(n: TSESTree.Node): string | undefined }): boolean {
  let last: TSESTree.Node | undefined = node;
  if (node.type === 'CallExpression') last = node.arguments[node.arguments.length - 1];
  else if (node.type === 'BinaryExpression') last = node.right;
  else if (node.type === 'TemplateLiteral') return (node.quasis[node.quasis.length - 1]?.value.cooked ?? '').endsWith('.json');
  if (!last || last.type === 'SpreadElement') return false;
  return analysis.staticString(last)?.endsWith('.json') ?? false;
}

/** The global `require`, or a local one made with `createRequire(import.meta.url)`. */
function isRequireFunction(
  callee: TSESTree.Identifier,
  analysis: { lookup(name: string): { init?: TSESTree.Expression; kind: string } | undefined; qualifiedName(n: TSESTree.Node): string | undefined },
): boolean {
  const binding = analysis.lookup(callee.name);
  if (binding === undefined) return callee.name === 'require';
  if (binding.kind !== 'const' && binding.kind !== 'let' && binding.kind !== 'var') return false;
  const init = binding.init;
  if (!init || init.type !== 'CallExpression') return false;
  return analysis.qualifiedName(init.callee) === 'module.createRequire';
}
