// Fixer for await-in-loop, for the one shape whose iterations are provably independent:
//   for (const x of xs) { await f(x); }   ->   await Promise.all(xs.map((x) => f(x)));
// The body must be exactly one expression statement awaiting a call whose arguments use only the
// loop variable (and literals): no other statements, no break/continue/return, nothing carried
// from one iteration to the next, and the results are discarded. `xs.map` is used when the
// iterable is known to be an array (a literal, an array method's result, or a name declared as
// one); any other iterable (a Set, a generator, ...) goes through
// `Array.from(xs, (x) => f(x))`, which accepts every iterable for-of does.
// Unsafe: the calls now run concurrently: their order, rate limits, connection pools and memory
// use change, and on a failure the other calls still run (the loop stopped at the first one).
// Everything else is declined with the reason.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type FixCandidate, type Fixer } from './types.js';
import { nodeAtFinding, replace, setParents, text, walk, type Node } from './ast-helpers.js';

/** Methods that return arrays (strings have none of these but `split`, which returns one). */
const ARRAY_METHODS = new Set(['map', 'filter', 'flat', 'flatMap', 'split', 'sort', 'reverse', 'toSorted', 'toReversed']);
const ARRAY_STATICS = new Set(['Object.keys', 'Object.values', 'Object.entries', 'Array.from', 'Array.of']);

/** A TypeScript annotation of an array: `T[]`, `readonly T[]`, `Array<T>`, `ReadonlyArray<T>`. */
function arrayAnnotation(annotation: TSESTree.TSTypeAnnotation | undefined): boolean {
  let type: TSESTree.TypeNode | undefined = annotation?.typeAnnotation;
  if (type?.type === 'TSTypeOperator' && type.operator === 'readonly') type = type.typeAnnotation;
  if (type?.type === 'TSArrayType' || type?.type === 'TSTupleType') return true;
  return type?.type === 'TSTypeReference' && type.typeName.type === 'Identifier' && (type.typeName.name === 'Array' || type.typeName.name === 'ReadonlyArray');
}

/**
 * True when `name` is declared exactly once in the function around `from` (a parameter or a
 * variable), typed as an array or a `const` made from a known array. One declaration only: with
 * several, the one in scope at the loop is not certain without a scope analysis.
 */
function declaredArray(from: Node, name: string): boolean {
  let fn: Node | undefined = from.parent;
  while (fn && fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') fn = fn.parent;
  if (!fn) return false;
  const verdicts: boolean[] = [];
  walk(fn, (node, parent) => {
    if (node.type === 'Identifier' && node.name === name && parent === fn) verdicts.push(arrayAnnotation(node.typeAnnotation));
    if (node.type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.id.name === name) {
      const constant = parent?.type === 'VariableDeclaration' && parent.kind === 'const';
      // block-scoped: it must be declared before the loop in a block that holds the loop
      const block = parent?.parent;
      const visible = block !== undefined && block.range[0] <= from.range[0] && block.range[1] >= from.range[1] && node.range[1] <= from.range[0];
      verdicts.push(visible && (arrayAnnotation(node.id.typeAnnotation) || (constant && node.init !== null && knownArray(node.init))));
    }
  });
  return verdicts.length === 1 && verdicts[0] === true;
}

function isLoop(node: Node): boolean {
  return /^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(node.type);
}

/** Known to evaluate to an array: a literal, Object.keys/values/entries, Array.from, or an array method. */
function knownArray(node: Node): boolean {
  if (node.type === 'ArrayExpression') return true;
  if (node.type !== 'CallExpression' || node.callee.type !== 'MemberExpression' || node.callee.computed || node.callee.property.type !== 'Identifier') return false;
  const method = node.callee.property.name;
  const object = node.callee.object;
  // `keys/values/entries` return arrays only as Object statics; on a Map or an array they are iterators
  if (object.type === 'Identifier' && ARRAY_STATICS.has(`${object.name}.${method}`)) return true;
  return ARRAY_METHODS.has(method);
}

/** The sub-expressions an argument is built from, or undefined for a kind of node that is not allowed. */
function parts(node: Node): readonly Node[] | undefined {
  switch (node.type) {
    case 'Literal':
    case 'ThisExpression':
      return [];
    case 'TemplateLiteral':
      return node.expressions;
    case 'MemberExpression':
      return node.computed ? [node.object, node.property] : [node.object];
    case 'ObjectExpression':
      return node.properties.flatMap((p): Node[] => (p.type === 'SpreadElement' ? [p.argument] : p.computed ? [p.key, p.value] : [p.value]));
    case 'ArrayExpression':
      return node.elements.filter((e): e is NonNullable<typeof e> => e !== null);
    case 'SpreadElement':
    case 'UnaryExpression':
      return node.type === 'UnaryExpression' && node.operator === 'delete' ? undefined : [node.argument];
    case 'ChainExpression':
    case 'TSNonNullExpression':
    case 'TSAsExpression':
    case 'TSSatisfiesExpression':
      return [node.expression];
    case 'BinaryExpression':
    case 'LogicalExpression':
      return [node.left, node.right];
    case 'ConditionalExpression':
      return [node.test, node.consequent, node.alternate];
    default:
      return undefined;
  }
}

/**
 * Why an argument may not move into a concurrent callback, or undefined when it uses only the
 * loop variable, literals and operators on them.
 */
function argumentProblem(node: Node, loopVar: string): string | undefined {
  if (node.type === 'Identifier') {
    return node.name === loopVar || node.name === 'undefined' ? undefined : `the arguments use \`${node.name}\`, not only the loop variable`;
  }
  const children = parts(node);
  if (children === undefined) return `an argument is a ${node.type}, which may depend on or change state shared between iterations`;
  return firstProblem(children, loopVar);
}

function firstProblem(nodes: readonly Node[], loopVar: string): string | undefined {
  for (const node of nodes) {
    const problem = argumentProblem(node, loopVar);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/** The callee may be a name or a member chain (`save`, `db.users.insert`, `this.save`, `x.save`), evaluated without side effects. */
function plainCallee(node: Node): boolean {
  if (node.type === 'Identifier' || node.type === 'ThisExpression') return true;
  if (node.type === 'MemberExpression' && !node.computed && node.object.type !== 'Super') return plainCallee(node.object);
  return false;
}

interface Shape {
  loop: TSESTree.ForOfStatement;
  loopVar: string;
  call: TSESTree.CallExpression;
}

/** The loop around the await, when the loop is a for...of whose whole body is `await f(x);`. */
function loopOf(awaited: TSESTree.AwaitExpression): TSESTree.ForOfStatement | string {
  const statement = awaited.parent;
  if (statement?.type !== 'ExpressionStatement' || statement.expression !== awaited) {
    return 'the awaited value is used (assigned, returned or combined), so iterations may depend on it';
  }
  const block = statement.parent;
  const loop = block?.type === 'BlockStatement' ? block.parent : block;
  if (!loop || !isLoop(loop)) return `the await is not a statement directly in a loop body (it sits in a ${loop?.type ?? 'different construct'})`;
  if (loop.type !== 'ForOfStatement') return `only for...of loops are rewritten; this is a ${loop.type}, whose iterations usually depend on each other's state`;
  if (block?.type === 'BlockStatement' && block.body.length !== 1) return 'the loop body has other statements besides the await';
  if (loop.parent?.type === 'LabeledStatement') return 'the loop is labelled';
  return loop;
}

/** The loop, its variable and the awaited call, or why the iterations are not provably independent. */
function shapeOf(program: TSESTree.Program, awaited: TSESTree.AwaitExpression): Shape | string {
  const loop = loopOf(awaited);
  if (typeof loop === 'string') return loop;
  for (const comment of program.comments ?? []) {
    if (comment.range[0] >= loop.body.range[0] && comment.range[1] <= loop.body.range[1]) return 'the loop body has comments that the rewrite would drop';
  }
  const left = loop.left;
  const id = left.type === 'VariableDeclaration' && left.kind !== 'var' && left.declarations.length === 1 ? left.declarations[0]!.id : undefined;
  if (id?.type !== 'Identifier') return 'the loop variable is not a single `const`/`let` name';
  const call = awaited.argument;
  if (call.type !== 'CallExpression' || call.optional) return 'the await is not on a plain call';
  if (!plainCallee(call.callee)) return 'the callee is computed or calls something itself; it would be evaluated concurrently';
  if (call.typeArguments) return 'the call has type arguments';
  const problem = firstProblem(call.arguments, id.name);
  if (problem !== undefined) return problem;
  // nested loops: the new await would sit in the outer loop and still wait once per iteration
  for (let current: Node | undefined = loop.parent; current; current = current.parent) {
    if (current.type === 'FunctionDeclaration' || current.type === 'FunctionExpression' || current.type === 'ArrowFunctionExpression') break;
    if (isLoop(current)) return 'the loop sits inside another loop; Promise.all there would still wait once per outer iteration';
  }
  return { loop, loopVar: id.name, call };
}

const fixer: Fixer = {
  ruleId: 'await-in-loop',
  description: 'Turns `for (const x of xs) { await f(x); }` into `await Promise.all(xs.map((x) => f(x)))` (unsafe: the calls run concurrently).',
  fix(ctx) {
    setParents(ctx.program);
    const awaited = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['AwaitExpression']);
    if (!awaited) return declined('no await at the finding location');
    const shape = shapeOf(ctx.program, awaited);
    if (typeof shape === 'string') return declined(shape);
    const { loop, loopVar, call } = shape;

    const iterable = text(ctx.source, loop.right);
    const callback = `(${loopVar}) => ${text(ctx.source, call)}`;
    const array = knownArray(loop.right) || (loop.right.type === 'Identifier' && declaredArray(loop, loop.right.name));
    const promises = array ? `${iterable}.map(${callback})` : `Array.from(${loop.right.type === 'SequenceExpression' ? `(${iterable})` : iterable}, ${callback})`;
    const replacement = `await Promise.all(${promises});`;
    const candidate: FixCandidate = {
      title: 'Run the loop\'s independent calls concurrently with Promise.all',
      description: `Replaces the for...of loop with \`${replacement}\`${array ? '' : ' (Array.from accepts any iterable the loop accepted)'}.`,
      edits: [replace(ctx.filePath, loop, replacement)],
      safety: 'unsafe',
      rationale: 'Each iteration only awaits one call on its own element and discards the result, so the calls do not depend on each other; awaiting them together takes about as long as the slowest one instead of the sum.',
      benefits: ['Total time drops from the sum of the calls to about the slowest one'],
      risks: [
        'All calls start at once: order of side effects is no longer the array order, and a large collection may hit rate limits, connection-pool or file-descriptor limits, or memory.',
        'On a failure the loop stopped at the first rejected call; now the other calls still run, and Promise.all rejects with the first failure.',
      ],
      test_strategy: 'Run the tests of the function with several elements, including one whose call fails; check the side effects do not rely on order.',
      test_cases: [{ name: 'handles every element', description: 'With several elements, every call happens and the function resolves after all of them.' }],
    };
    return { candidates: [candidate] };
  },
};

export default fixer;
