// nosql-injection: a MongoDB/Mongoose query gets its filter, or a value inside it, straight from
// the request body or query string. Those can hold objects (`{"name": {"$ne": null}}` in JSON,
// `?name[$ne]=` through qs), so an equality test becomes an operator that matches every document
// (login bypass, data disclosure). `$where` runs JavaScript on the server: it is reported always,
// at high severity when its code comes from outside.
// Not reported: values cast to a primitive first (String(), Number(), parseInt, a template
// literal), values that went through a schema validator (zod .parse, joi validate: their result
// is not traced back to the request), route params and headers (always strings), and files that
// use mongo-sanitize or express-mongo-sanitize.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { memberPropertyName, propertyKeyName, type FileAnalysis, type ValueOrigin } from '../../analysis/file-analysis.js';
import { defineRule } from '../../rule.js';
import { describeSource, flowMetadata, isAllowListed, taintFlow } from './taint-flow.js';

/** Mongo driver and Mongoose methods whose first argument is a filter. */
const FILTER_METHODS = new Set([
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'findOneAndRemove',
  'updateOne', 'updateMany', 'update', 'deleteOne', 'deleteMany', 'remove', 'replaceOne', 'countDocuments', 'count',
  'exists', 'where', 'findAndModify',
]);
/** Casts that leave only a primitive: no operator object survives them. */
const CASTS = new Set(['String', 'Number', 'parseInt', 'parseFloat', 'Boolean', 'encodeURIComponent']);
const CAST_METHODS = new Set(['toString', 'toLowerCase', 'toUpperCase', 'trim']);
/** Request parts that can carry objects (JSON bodies, qs-parsed query strings). */
const OBJECT_CARRIERS = /(?:^|\.)(?:body|query|queryStringParameters)(?:\.|$)|^request object/;
const SANITIZER_IN_FILE = /['"](?:express-)?mongo-sanitize['"]/;
/** Receivers that look like a Mongo collection or Mongoose model (when the file does not say "mongo"). */
const MODEL_RECEIVER = /^[A-Z]\w*$|[cC]ollection|[mM]odel|[rR]epo|^db$/;
const MAX_NESTING = 3;

export default defineRule({
  meta: {
    id: 'nosql-injection',
    category: 'security',
    severity: 'high',
    description: 'MongoDB/Mongoose queries whose filter or filter values come from the request without being cast to a primitive.',
    cwe: ['CWE-943'],
    owasp: ['A03:2021-Injection'],
    messages: {
      filterFromInput:
        '{{sink}}() uses a filter taken whole from {{source}}; the client chooses the query operators (`{"$ne": null}` matches every document).',
      valueFromInput:
        '{{sink}}() compares `{{key}}` with {{source}}, which can be an object such as `{"$ne": null}`; an operator replaces the equality test.',
      whereFromInput: '{{sink}}() runs a `$where` JavaScript expression built from {{source}} on the database server.',
      where: '{{sink}}() uses `$where`, which runs JavaScript on the database server for every document.',
    },
    recommendation:
      'Cast request values to the type you expect (`String(req.body.name)`), validate the body with a schema (zod, joi), or strip `$` keys with express-mongo-sanitize; never pass a request object as a filter, and replace `$where` with query operators.',
  },
  create(context) {
    const { analysis } = context;
    // Whole-file text checks, made only once a query-like call is met (most files have none).
    let mongoFileMemo: boolean | undefined;
    let sanitizedMemo: boolean | undefined;
    const mongoFile = (): boolean => (mongoFileMemo ??= /mongo/i.test(context.source));
    const sanitizedFile = (): boolean => (sanitizedMemo ??= SANITIZER_IN_FILE.test(context.source));

    function report(
      call: TSESTree.CallExpression,
      value: TSESTree.Node,
      origin: ValueOrigin,
      messageId: 'filterFromInput' | 'valueFromInput' | 'whereFromInput',
      sink: string,
      key: string,
      confidence: number,
    ): void {
      if (isAllowListed(context, call, value)) return;
      const flow = taintFlow(context, value, call);
      const source = describeSource(origin, flow);
      context.report({ node: value, messageId, data: { sink, source, key }, confidence, metadata: { sink, source, key, ...flowMetadata(flow) } });
    }

    /** Properties of a filter object, nested objects and `$and`/`$or` arrays included. */
    function checkFilter(call: TSESTree.CallExpression, filter: TSESTree.ObjectExpression, sink: string, depth: number): void {
      if (depth > MAX_NESTING) return;
      for (const property of filter.properties) {
        if (property.type === 'SpreadElement') {
          checkValue(call, property.argument, sink, '...', true);
          continue;
        }
        const key = property.computed ? undefined : propertyKeyName(property.key);
        const value = property.value;
        if (key === '$where') {
          checkWhere(call, value, sink);
          continue;
        }
        if (value.type === 'ObjectExpression') {
          checkFilter(call, value, sink, depth + 1);
          continue;
        }
        if (value.type === 'ArrayExpression') {
          for (const element of value.elements) {
            if (element?.type === 'ObjectExpression') checkFilter(call, element, sink, depth + 1);
            else if (element && element.type !== 'SpreadElement') checkValue(call, element, sink, key ?? '[…]', false);
          }
          continue;
        }
        checkValue(call, value, sink, key ?? '[…]', false);
      }
    }

    function checkValue(call: TSESTree.CallExpression, value: TSESTree.Node, sink: string, key: string, whole: boolean): void {
      if (sanitizedFile() || isPrimitive(value, analysis, 0)) return;
      const origin = analysis.origin(value);
      if (origin.kind !== 'external' || !OBJECT_CARRIERS.test(origin.source)) return;
      report(call, value, origin, whole ? 'filterFromInput' : 'valueFromInput', sink, key, whole ? Math.min(0.9, origin.confidence) : Math.min(0.8, origin.confidence));
    }

    function checkWhere(call: TSESTree.CallExpression, value: TSESTree.Node, sink: string): void {
      const origin = analysis.origin(value);
      if (origin.kind === 'external') {
        report(call, value, origin, 'whereFromInput', sink, '$where', origin.confidence);
        return;
      }
      context.report({ node: value, messageId: 'where', data: { sink }, severity: 'medium', confidence: 0.7, metadata: { sink, key: '$where' } });
    }

    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type !== 'MemberExpression') return;
        const method = memberPropertyName(callee);
        if (method === undefined) return;
        if (method !== '$where' && !FILTER_METHODS.has(method)) return;
        const receiver = receiverName(callee.object);
        if ((receiver === undefined || !MODEL_RECEIVER.test(receiver)) && !mongoFile()) return;
        const sink = `${receiver ?? '…'}.${method}`;
        const filter = node.arguments[0];
        if (!filter || filter.type === 'SpreadElement') return;
        if (method === '$where') {
          checkWhere(node, filter, sink);
          return;
        }
        if (filter.type === 'ObjectExpression') checkFilter(node, filter, sink, 0);
        else if (filter.type !== 'ArrowFunctionExpression' && filter.type !== 'FunctionExpression') checkValue(node, filter, sink, '', true);
      },
    };
  },
});

function receiverName(object: TSESTree.Node): string | undefined {
  if (object.type === 'Identifier') return object.name;
  if (object.type === 'MemberExpression') return memberPropertyName(object);
  if (object.type === 'CallExpression') {
    // db.collection('users').find(...) / mongoose.model('User').find(...)
    const callee = object.callee;
    if (callee.type === 'MemberExpression') return memberPropertyName(callee);
  }
  return undefined;
}

/** A value that can only be a primitive: a cast, a template literal, arithmetic, or a name bound to one. */
function isPrimitive(value: TSESTree.Node, analysis: FileAnalysis, depth: number): boolean {
  if (depth > 4) return false;
  switch (value.type) {
    case 'TemplateLiteral':
    case 'Literal':
    case 'UnaryExpression':
      return true;
    case 'BinaryExpression':
      return true; // concatenation and arithmetic both yield primitives
    case 'CallExpression': {
      const callee = analysis.qualifiedName(value.callee);
      if (callee !== undefined && CASTS.has(callee)) return true;
      return value.callee.type === 'MemberExpression' && CAST_METHODS.has(memberPropertyName(value.callee) ?? '');
    }
    case 'TSAsExpression':
    case 'TSNonNullExpression':
      return isPrimitive(value.expression, analysis, depth + 1);
    case 'Identifier': {
      const binding = analysis.lookup(value.name);
      if (!binding || binding.kind !== 'const' || !binding.init || binding.path) return false;
      return isPrimitive(binding.init, analysis, depth + 1);
    }
    default:
      return false;
  }
}
