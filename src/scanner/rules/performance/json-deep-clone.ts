// json-deep-clone: `JSON.parse(JSON.stringify(x))` used to copy a value. The round trip serialises
// the whole object graph to a string and parses it back (slow and memory-hungry for large values),
// and it silently changes the data: Dates become strings, `undefined`, functions and symbols are
// dropped, Map/Set become `{}`, NaN/Infinity become null, and cycles throw. `structuredClone`
// (Node 17+, all current browsers) copies faithfully and faster.
// Only the JSON globals count (a local or imported `JSON` is not the built-in). A `JSON.stringify`
// with a replacer or a `JSON.parse` with a reviver is a transformation, not a plain copy, and is
// not reported. Confidence is moderate because the round trip is sometimes meant to strip a value
// down to plain JSON data; in test, benchmark and fixture files it is lower still.
import { defineRule } from '../../rule.js';
import { isNonProductionPath } from '../../analysis/paths.js';

export default defineRule({
  meta: {
    id: 'json-deep-clone',
    category: 'performance',
    severity: 'low',
    description: 'Deep copies made with JSON.parse(JSON.stringify(x)).',
    messages: {
      jsonClone:
        'JSON.parse(JSON.stringify(...)) is a slow, lossy deep copy (Dates become strings, undefined/Map/Set are lost); use structuredClone().',
    },
    recommendation:
      'Use `structuredClone(value)` to deep-copy; if the point is to reduce the value to plain JSON data, say so with a named helper.',
    confidence: 0.7,
    fixable: true,
  },
  create(context) {
    const { analysis } = context;
    const confidence = isNonProductionPath(context.filePath) ? 0.3 : undefined;
    return {
      CallExpression(node) {
        if (node.arguments.length !== 1) return;
        const inner = node.arguments[0]!;
        if (inner.type !== 'CallExpression' || inner.arguments.length === 0) return;
        const replacer = inner.arguments[1];
        if (replacer !== undefined && !(replacer.type === 'Literal' && replacer.value === null) && !isUndefined(replacer)) return;
        if (inner.arguments[0]!.type === 'SpreadElement') return;
        if (analysis.qualifiedName(node.callee) !== 'JSON.parse') return;
        if (analysis.qualifiedName(inner.callee) !== 'JSON.stringify') return;
        context.report({ node, messageId: 'jsonClone', confidence });
      },
    };
  },
});

function isUndefined(node: { type: string; name?: string }): boolean {
  return node.type === 'Identifier' && node.name === 'undefined';
}
