// Fixer for missing-timeout: gives fetch a deadline with `signal: AbortSignal.timeout(ms)` and
// axios a `timeout: ms`, where ms is `proposer.fetchTimeoutMs`. The options object literal gets
// the key (a new `{ ... }` argument when there is none). http.request is declined: a timeout there
// needs a handler that destroys the request, which is more than an edit of the call.
// Unsafe: a slow request that used to succeed now fails with a timeout error.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { declined, type FixCandidate, type Fixer } from './types.js';
import { eol, indentAt, insert, nodeAtFinding, propertyKey, replace } from './ast-helpers.js';
import type { TextEdit } from '../edits.js';

/** Index of the config argument of axios methods (`axios.post(url, data, config)`). */
const AXIOS_CONFIG_INDEX: Record<string, number> = {
  request: 0, create: 0, get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, postForm: 2, putForm: 2, patchForm: 2,
};

/** Adds `entry` to an options argument at `index`: into an object literal or as a new argument. */
function addOption(filePath: string, source: string, call: TSESTree.CallExpression, index: number, option: { key: string; entry: string }): TextEdit | string {
  const { key, entry } = option;
  const options = call.arguments[index];
  if (options === undefined) {
    if (call.arguments.length !== index) return `the call has ${call.arguments.length} argument(s); the options would be argument ${index + 1}`;
    const last = call.arguments[index - 1];
    if (last === undefined) return 'the call has no arguments';
    return insert(filePath, last.range[1], `, { ${entry} }`);
  }
  if (options.type !== 'ObjectExpression') return 'the options are not an object literal';
  for (const property of options.properties) {
    if (property.type === 'SpreadElement') return 'the options object has a spread that may already set it';
    if (propertyKey(property) === key) return `the options already have \`${key}\``;
  }
  if (options.properties.length === 0) return replace(filePath, options, `{ ${entry} }`);
  const last = options.properties[options.properties.length - 1]!;
  if (last.loc.end.line === options.loc.start.line) return insert(filePath, last.range[1], `, ${entry}`);
  // A multi-line object gets the option on a line of its own, indented like the others, keeping
  // the object's trailing-comma style.
  const indent = indentAt(source, last.range[0]);
  const rest = source.slice(last.range[1], options.range[1] - 1);
  const comma = /^\s*,/.exec(rest);
  if (comma) return insert(filePath, last.range[1] + comma[0].length, `${eol(source)}${indent}${entry},`);
  return insert(filePath, last.range[1], `,${eol(source)}${indent}${entry}`);
}

function candidate(title: string, description: string, edit: TextEdit, ms: number): FixCandidate {
  return {
    title,
    description,
    edits: [edit],
    safety: 'unsafe',
    rationale: 'Without a deadline, a server that accepts the connection and stops answering hangs this call and everything waiting on it.',
    benefits: ['A hung server fails the request after a bounded time instead of blocking forever'],
    risks: [
      `A slow request that used to succeed now fails after ${ms} ms (a TimeoutError / ECONNABORTED); raise proposer.fetchTimeoutMs for long downloads or uploads.`,
      'Callers may need to handle the timeout error (retry or report).',
    ],
    test_strategy: 'Point the request at a local server that never answers and check it fails after the timeout; run the existing tests for normal responses.',
    test_cases: [{ name: 'times out on a silent server', description: `A server that accepts and never answers makes the call reject after about ${ms} ms.` }],
  };
}

const fixer: Fixer = {
  ruleId: 'missing-timeout',
  description: 'Adds `signal: AbortSignal.timeout(ms)` to fetch and `timeout: ms` to axios calls (unsafe: slow requests now fail).',
  fix(ctx) {
    const ms = ctx.config.proposer.fetchTimeoutMs;
    const call = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['CallExpression']);
    if (!call) return declined('no call at the finding location');
    const messageId = ctx.finding.metadata.message_id;
    if (messageId === 'fetch') {
      const edit = addOption(ctx.filePath, ctx.source, call, 1, { key: 'signal', entry: `signal: AbortSignal.timeout(${ms})` });
      if (typeof edit === 'string') return declined(edit);
      return { candidates: [candidate(`Abort the fetch after ${ms} ms`, `Adds \`signal: AbortSignal.timeout(${ms})\` to the fetch options.`, edit, ms)] };
    }
    if (messageId === 'axios') {
      let index: number | undefined;
      if (call.callee.type === 'MemberExpression' && !call.callee.computed && call.callee.property.type === 'Identifier') {
        index = AXIOS_CONFIG_INDEX[call.callee.property.name];
      } else index = call.arguments[0]?.type === 'ObjectExpression' ? 0 : 1;
      if (index === undefined) return declined('unknown axios method');
      if (index === 0 && call.arguments.length === 0) {
        return { candidates: [candidate(`Give the axios call a ${ms} ms timeout`, `Adds \`{ timeout: ${ms} }\`.`, replace(ctx.filePath, [call.range[1] - 1, call.range[1] - 1], `{ timeout: ${ms} }`), ms)] };
      }
      const edit = addOption(ctx.filePath, ctx.source, call, index, { key: 'timeout', entry: `timeout: ${ms}` });
      if (typeof edit === 'string') return declined(edit);
      return { candidates: [candidate(`Give the axios call a ${ms} ms timeout`, `Adds \`timeout: ${ms}\` to the axios config.`, edit, ms)] };
    }
    return declined('http.request needs a timeout plus a handler that destroys the request; not fixed automatically');
  },
};

export default fixer;
