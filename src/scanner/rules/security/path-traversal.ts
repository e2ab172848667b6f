// path-traversal: a file system call (fs.*, express res.sendFile/res.download) gets a path that
// comes from outside the program, so `../../etc/passwd` reaches files outside the intended folder.
// Only paths with an outside origin are reported (request data and argv at their confidence;
// function parameters only with `reportParameters`, at low severity); constant paths, `__dirname` + constants,
// `path.basename(...)` and paths checked with `if (!p.startsWith(root)) return/throw` are not.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isGuardedBy } from '../../analysis/guards.js';
import { defineRule, numberOption } from '../../rule.js';
import { memberPropertyName, type FileAnalysis } from '../../analysis/file-analysis.js';
import { collectIdentifiers, describeSource, flowMetadata, isAllowListed, taintFlow } from './taint-flow.js';

/** fs functions whose first argument is a path (fs/promises, fs-extra and graceful-fs are normalised to fs). */
const FS_PATH_FUNCTIONS = new Set([
  'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync',
  'createReadStream', 'createWriteStream', 'open', 'openSync', 'opendir', 'opendirSync',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'mkdir', 'mkdirSync',
  'readdir', 'readdirSync', 'stat', 'statSync', 'lstat', 'lstatSync', 'access', 'accessSync',
  'exists', 'existsSync', 'readlink', 'readlinkSync', 'realpath', 'realpathSync', 'truncate', 'truncateSync',
  'chmod', 'chmodSync', 'chown', 'chownSync', 'utimes', 'utimesSync', 'watch', 'watchFile',
  // fs-extra
  'readJson', 'readJSON', 'readJsonSync', 'writeJson', 'writeJSON', 'writeJsonSync', 'outputFile', 'outputFileSync',
  'outputJson', 'outputJsonSync', 'remove', 'removeSync', 'ensureDir', 'ensureDirSync', 'ensureFile', 'emptyDir',
  'pathExists', 'pathExistsSync',
]);
/** fs functions whose first two arguments are both paths. */
const FS_TWO_PATH_FUNCTIONS = new Set([
  'copyFile', 'copyFileSync', 'cp', 'cpSync', 'rename', 'renameSync', 'link', 'linkSync', 'symlink', 'symlinkSync',
  'copy', 'copySync', 'move', 'moveSync',
]);
const RESPONSE_NAMES = new Set(['res', 'response']);
const RESPONSE_FILE_METHODS = new Set(['sendFile', 'download']);

export default defineRule({
  meta: {
    id: 'path-traversal',
    category: 'security',
    severity: 'high',
    fixable: true,
    description: 'File system paths taken from request data, command-line arguments or parameters without a containment check.',
    cwe: ['CWE-22'],
    owasp: ['A01:2021-Broken Access Control'],
    messages: {
      pathFromInput:
        '{{sink}}() opens a path built from {{source}}; `../` segments in it reach files outside the intended folder.',
    },
    recommendation:
      'Resolve the path against a fixed root and check that it stays inside (`path.resolve(root, name)` then `startsWith(root + path.sep)`), or keep only the file name with path.basename.',
    defaultOptions: { reportParameters: false, parameterConfidence: 0.35 },
  },
  create(context) {
    const { analysis } = context;
    const parameterConfidence = numberOption(context.options, 'parameterConfidence', 0.35);
    const reportParameters = context.options.reportParameters === true;

    function check(call: TSESTree.CallExpression, arg: TSESTree.CallExpressionArgument | undefined, sink: string): void {
      if (!arg || arg.type === 'SpreadElement') return;
      const origin = analysis.origin(arg);
      if (origin.kind !== 'external') return; // constants and untraceable values: too noisy to report
      if (origin.source.startsWith('process.env')) return; // configuration, not an attacker
      const parameter = origin.source.startsWith('parameter ');
      if (parameter && !reportParameters) return; // every path helper takes its path as a parameter
      if (isGuarded(call, arg) || isAllowListed(context, call, arg)) return;
      const flow = taintFlow(context, arg, call);
      const source = describeSource(origin, flow);
      context.report({
        node: arg,
        messageId: 'pathFromInput',
        data: { sink, source },
        severity: parameter ? 'low' : undefined,
        confidence: parameter ? Math.min(parameterConfidence, origin.confidence) : origin.confidence,
        metadata: { sink, source, ...flowMetadata(flow) },
      });
    }

    return {
      CallExpression(node) {
        const callee = node.callee;
        const name = analysis.qualifiedName(callee);
        if (name !== undefined && name.startsWith('fs.')) {
          const fn = name.slice(3);
          if (FS_PATH_FUNCTIONS.has(fn)) check(node, node.arguments[0], name);
          else if (FS_TWO_PATH_FUNCTIONS.has(fn)) {
            check(node, node.arguments[0], name);
            check(node, node.arguments[1], name);
          }
          return;
        }
        if (callee.type !== 'MemberExpression') return;
        const method = memberPropertyName(callee);
        if (method === undefined || !RESPONSE_FILE_METHODS.has(method)) return;
        if (!isResponseParam(callee.object, analysis)) return;
        // `res.sendFile(name, { root })` resolves inside root and refuses `..`
        if (hasRootOption(node.arguments[1]) || (method === 'download' && hasRootOption(node.arguments[2]))) return;
        check(node, node.arguments[0], `res.${method}`);
      },
    };
  },
});

function isResponseParam(object: TSESTree.Node, analysis: FileAnalysis): boolean {
  if (object.type !== 'Identifier' || !RESPONSE_NAMES.has(object.name)) return false;
  return analysis.lookup(object.name)?.kind === 'param';
}

function hasRootOption(arg: TSESTree.Node | undefined): boolean {
  if (!arg || arg.type !== 'ObjectExpression') return false;
  return arg.properties.some(
    (p) => p.type === 'Property' && !p.computed && p.key.type === 'Identifier' && p.key.name === 'root',
  );
}

/**
 * A containment check before the call in the same function: `if (!p.startsWith(root)) return;`
 * (a preceding statement of an enclosing block) or `if (p.startsWith(root)) { ...call... }`, also
 * `path.relative(root, p).startsWith('..')` and `p.includes('..')`. Only statements on the way up
 * from the call are looked at, never the whole function.
 */
function isGuarded(call: TSESTree.Node, arg: TSESTree.Node): boolean {
  const names = new Set<string>();
  collectIdentifiers(arg, names, 0);
  if (names.size === 0) return false;
  return isGuardedBy(call, (test) => testChecks(test, names, 0));
}

/** True when an if-test calls startsWith on one of the names (or on path.relative(..., name)), or checks for "..". */
function testChecks(test: TSESTree.Node, names: Set<string>, depth: number): boolean {
  if (depth > 6) return false;
  switch (test.type) {
    case 'UnaryExpression':
      return testChecks(test.argument, names, depth + 1);
    case 'LogicalExpression':
    case 'BinaryExpression':
      return testChecks(test.left, names, depth + 1) || testChecks(test.right, names, depth + 1);
    case 'CallExpression': {
      const callee = test.callee;
      if (callee.type !== 'MemberExpression') return false;
      const method = memberPropertyName(callee);
      if (method === 'startsWith') return mentions(callee.object, names);
      if (method === 'includes' || method === 'indexOf') {
        const first = test.arguments[0];
        return first?.type === 'Literal' && first.value === '..' && mentions(callee.object, names);
      }
      return false;
    }
    default:
      return false;
  }
}

function mentions(node: TSESTree.Node, names: Set<string>): boolean {
  if (node.type === 'Identifier') return names.has(node.name);
  if (node.type === 'CallExpression') return node.arguments.some((a) => a.type === 'Identifier' && names.has(a.name));
  return false;
}
