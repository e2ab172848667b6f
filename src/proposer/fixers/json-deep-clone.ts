// Fixer for json-deep-clone: `JSON.parse(JSON.stringify(x))` becomes `structuredClone(x)`.
// Unsafe: the two copies differ for values JSON cannot represent. Dates stay Dates instead of
// becoming strings, undefined properties are kept instead of dropped, Maps/Sets are copied, and
// functions or class instances with methods make structuredClone throw (JSON dropped them).
import { declined, type Fixer } from './types.js';
import { nodeAtFinding, replace, text } from './ast-helpers.js';

const fixer: Fixer = {
  ruleId: 'json-deep-clone',
  description: 'Replaces JSON.parse(JSON.stringify(x)) with structuredClone(x) (unsafe: Dates, undefined and functions behave differently).',
  fix(ctx) {
    const call = nodeAtFinding(ctx.program, ctx.source, ctx.finding, ['CallExpression']);
    const inner = call?.arguments[0];
    if (!call || inner?.type !== 'CallExpression') return declined('no JSON.parse(JSON.stringify(...)) call at the finding location');
    const value = inner.arguments[0];
    if (!value || value.type === 'SpreadElement') return declined('the stringified value is a spread argument');
    return {
      candidates: [
        {
          title: 'Deep-copy with structuredClone()',
          description: `Replaces \`JSON.parse(JSON.stringify(...))\` with \`structuredClone(${text(ctx.source, value)})\`.`,
          edits: [replace(ctx.filePath, call, `structuredClone(${text(ctx.source, value)})`)],
          safety: 'unsafe',
          rationale: 'structuredClone copies in one pass without building a JSON string, and keeps Dates, Maps, Sets and typed arrays.',
          benefits: ['Faster deep copy without an intermediate string', 'Dates, Maps, Sets, RegExps and cyclic objects are copied faithfully'],
          risks: [
            'Dates stay Date objects instead of becoming ISO strings; code expecting strings changes behaviour.',
            'Properties set to undefined are kept (JSON dropped them); NaN/Infinity are kept (JSON made them null).',
            'Functions, symbols and DOM nodes make structuredClone throw (JSON silently dropped them); class instances lose their prototype in both.',
            'toJSON() methods are no longer called.',
            'Needs Node 17+ (and `lib` with structuredClone for TypeScript).',
          ],
          test_strategy: 'Run the tests covering the cloned value; check it holds no functions and that no consumer expects Dates as strings.',
        },
      ],
    };
  },
};

export default fixer;
