// redos: regular expressions whose backtracking can take exponential or polynomial time
// (CWE-1333), and regular expressions compiled from outside input (regex injection).
//
// Each regex literal and each `new RegExp(<constant>, <constant>)` goes to the `recheck` checker,
// which proves or finds by fuzzing an attack string. Calling it costs milliseconds, so a cheap
// scan of the pattern text first drops the patterns that cannot backtrack super-linearly, and
// answers are cached across files. Every unanchored pattern with a quantifier that can fail is
// quadratic in V8 because the engine retries from each start position (eslint-plugin-regexp's
// "super-linear move"); those are everywhere, so they are reported only when the regex is applied
// to a value from outside. Otherwise the pattern is checked as if anchored (sticky flag), which
// leaves only backtracking inside one match attempt. Uses are seen during the walk and reports are
// made at the end of the file, when every `RE.test(x)` of a `const RE = /.../` has been met.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { createRequire } from 'node:module';
import type { Severity } from '../../../models/finding.js';
import { defineRule, numberOption, type Node } from '../../rule.js';
import { memberPropertyName, type FileAnalysis, type ValueOrigin } from '../../analysis/file-analysis.js';
import { describeOrigin } from './command-injection.js';
import { describeSource, flowMetadata, taintFlow } from './taint-flow.js';

type RecheckModule = typeof import('recheck');
type Diagnostics = ReturnType<RecheckModule['checkSync']>;

/** RegExp methods whose argument is the subject string. */
const REGEXP_METHODS = new Set(['test', 'exec']);
/** String methods whose receiver is the subject string and whose first argument is the regex. */
const STRING_METHODS = new Set(['match', 'matchAll', 'replace', 'replaceAll', 'split', 'search']);
/** Escaping helpers: their result matches itself literally, whatever the input. */
const ESCAPE_FUNCTIONS = new Set([
  'escapeRegExp', 'escapeRegex', 'escapeRegExpString', 'escapeStringRegexp', 'regexpEscape', 'regexEscape', 'quotemeta',
  'lodash.escapeRegExp', 'lodash/escapeRegExp', 'lodash.escaperegexp', 'lodash-es.escapeRegExp', 'underscore.string.escapeRegExp',
  'escape-string-regexp', 'escape-regexp', 'escape-regex-string', 'regexp.escape', 'RegExp.escape', '_.escapeRegExp',
]);
/** `s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")`: the inline escaping idiom. */
const INLINE_ESCAPE_CLASS = /\\\\/;
/**
 * Sources at least this sure to be outside input (request data, process.argv, the page address).
 * Parameters of (exported) functions are below it: in library code they are mostly the caller's
 * own patterns and strings, so they get a lower confidence and no unanchored check.
 */
const STRONG_SOURCE = 0.8;
const CACHE_LIMIT = 5000;
const ATTACK_SHOWN = 60;

export interface ReDoSResult {
  complexity: string;
  type: 'exponential' | 'polynomial';
  degree?: number;
  attack: string;
  attackPattern: string;
  checker: string;
}

interface CacheEntry {
  result: ReDoSResult | undefined;
  /** Budget the answer was computed with: a timeout is retried under a larger budget. */
  timedOutWithin?: number;
}

const cache = new Map<string, CacheEntry>();
let recheck: RecheckModule | null | undefined;

export default defineRule({
  meta: {
    id: 'redos',
    category: 'security',
    severity: 'medium',
    description: 'Regular expressions with exponential or polynomial backtracking, and regular expressions built from outside input.',
    cwe: ['CWE-1333', 'CWE-730'],
    // OWASP 2021 lists CWE-1333 in no category; A05 holds the other algorithmic denial of service
    // from crafted input (CWE-776, entity expansion), so ReDoS sits with it.
    owasp: ['A05:2021-Security Misconfiguration'],
    defaultOptions: { timeoutMs: 100 },
    // A real checker costs seconds on a large codebase: part of `security-scan`, opt-in for `scan`.
    enabledByDefault: false,
    messages: {
      vulnerable:
        'Regular expression {{pattern}} has {{complexity}} backtracking: the attack string {{attack}} ({{length}} chars) makes it run for seconds or more{{target}}.',
      injection:
        'new RegExp() compiles a pattern from {{source}}; a crafted pattern such as (a+)+$ hangs the process, and metacharacters change what matches.',
    },
    recommendation:
      'Remove the ambiguity: do not nest quantifiers or repeat alternatives that overlap, anchor the pattern, bound repetitions, or limit the input length first. Escape outside input (escapeRegExp) before putting it in a pattern.',
  },
  create(context) {
    const { analysis } = context;
    const timeoutMs = numberOption(context.options, 'timeoutMs', 100);
    const candidates: Array<{ node: Node; source: string; flags: string; shape: PatternShape }> = [];
    /** The outside-input subject a regex node is applied to, if any. */
    const externalUses = new Map<Node, Extract<ValueOrigin, { kind: 'external' }>>();

    function addCandidate(node: Node, source: string, flags: string): void {
      const shape = patternShape(source, flags);
      if (shape.unbounded === 0) return; // nothing repeats without bound: linear whatever the input
      candidates.push({ node, source, flags, shape });
    }

    function noteUse(regex: Node, subject: Node): void {
      const origin = analysis.origin(subject);
      if (origin.kind !== 'external') return;
      const previous = externalUses.get(regex);
      if (!previous || origin.confidence > previous.confidence) externalUses.set(regex, origin);
    }

    function checkConstructor(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      if (analysis.qualifiedName(node.callee) !== 'RegExp') return;
      const [patternArg, flagsArg] = node.arguments;
      if (!patternArg || patternArg.type === 'SpreadElement') return;
      if (patternArg.type === 'Literal' && 'regex' in patternArg) return; // the literal is checked itself
      const source = analysis.staticString(patternArg);
      if (source !== undefined) {
        const flags = flagsArg === undefined || flagsArg.type === 'SpreadElement' ? '' : analysis.staticString(flagsArg) ?? '';
        addCandidate(node, source, flags);
        return;
      }
      const origin = patternOrigin(patternArg, analysis, 0);
      if (origin.kind !== 'external') return;
      const flow = taintFlow(context, patternArg, node);
      const described = describeSource(origin, flow);
      context.report({
        node: patternArg,
        messageId: 'injection',
        data: { source: described },
        severity: 'high',
        confidence: origin.confidence >= STRONG_SOURCE ? origin.confidence : Math.round(origin.confidence * 60) / 100,
        metadata: { source: described, ...flowMetadata(flow) },
      });
    }

    return {
      Literal(node) {
        if ('regex' in node && node.regex) addCandidate(node, node.regex.pattern, node.regex.flags);
      },
      NewExpression: checkConstructor,
      CallExpression(node) {
        checkConstructor(node);
        const callee = node.callee;
        if (callee.type !== 'MemberExpression') return;
        const method = memberPropertyName(callee);
        if (method === undefined) return;
        const first = node.arguments[0];
        if (REGEXP_METHODS.has(method)) {
          const regex = regexNodeOf(callee.object, analysis);
          if (regex && first && first.type !== 'SpreadElement') noteUse(regex, first);
        } else if (STRING_METHODS.has(method) && first && first.type !== 'SpreadElement') {
          const regex = regexNodeOf(first, analysis);
          if (regex) noteUse(regex, callee.object);
        }
      },
      'Program:exit'() {
        for (const candidate of candidates) {
          const use = externalUses.get(candidate.node);
          // Unanchored scanning is quadratic for almost every pattern; it matters only on outside input.
          const unanchored = use !== undefined && use.confidence >= STRONG_SOURCE;
          if (!unanchored && !candidate.shape.mayBacktrack) continue;
          const flags = unanchored ? candidate.flags : stickyFlags(candidate.flags);
          const result = checkPattern(candidate.source, flags, timeoutMs);
          if (result === undefined) continue;
          const base = result.type === 'exponential' ? 0.9 : 0.7;
          context.report({
            node: candidate.node,
            messageId: 'vulnerable',
            data: {
              pattern: `/${shorten(candidate.source, ATTACK_SHOWN)}/${candidate.flags}`,
              complexity: result.complexity,
              attack: JSON.stringify(shorten(result.attack, ATTACK_SHOWN)),
              length: result.attack.length,
              target: use === undefined ? '' : ` on ${describeOrigin(use)}`,
            },
            severity: severityOf(result.type, use),
            confidence: use === undefined ? base : result.type === 'exponential' ? base : Math.min(use.confidence, base),
            metadata: {
              complexity: result.complexity,
              complexity_type: result.type,
              ...(result.degree !== undefined ? { degree: result.degree } : {}),
              attack: result.attack,
              attack_pattern: result.attackPattern,
              attack_length: result.attack.length,
              checker: result.checker,
              ...(use !== undefined ? { source: describeOrigin(use) } : {}),
            },
          });
        }
      },
    };
  },
});

/**
 * Exponential patterns need a few dozen characters, quadratic ones tens of thousands: without a
 * use on outside input a quadratic pattern is a latent problem (low); on a parameter, medium.
 */
function severityOf(type: ReDoSResult['type'], use: Extract<ValueOrigin, { kind: 'external' }> | undefined): Severity {
  if (use === undefined) return type === 'exponential' ? 'medium' : 'low';
  return type === 'exponential' || use.confidence >= STRONG_SOURCE ? 'high' : 'medium';
}

/** The regex literal or constant RegExp construction an expression denotes (directly or by a binding). */
function regexNodeOf(expr: Node, analysis: FileAnalysis): Node | undefined {
  if (expr.type === 'Literal') return 'regex' in expr ? expr : undefined;
  if ((expr.type === 'NewExpression' || expr.type === 'CallExpression') && isRegExpCallee(expr.callee)) return expr;
  if (expr.type === 'Identifier') {
    const binding = analysis.lookup(expr.name);
    if (binding && binding.init && !binding.path && (binding.kind === 'const' || !binding.reassigned)) {
      const init = binding.init;
      if (init.type === 'Literal' || init.type === 'NewExpression' || init.type === 'CallExpression') return regexNodeOf(init, analysis);
    }
  }
  return undefined;
}

function isRegExpCallee(callee: Node): boolean {
  return callee.type === 'Identifier' && callee.name === 'RegExp';
}

/** Origin of a dynamic pattern, where escaping helpers make their result a constant. */
function patternOrigin(expr: Node, analysis: FileAnalysis, depth: number): ValueOrigin {
  if (depth > 8) return analysis.origin(expr);
  switch (expr.type) {
    case 'CallExpression':
      if (isEscapeCall(expr, analysis)) return { kind: 'constant' };
      break;
    case 'BinaryExpression':
      if (expr.operator === '+') return worst([patternOrigin(expr.left, analysis, depth + 1), patternOrigin(expr.right, analysis, depth + 1)]);
      break;
    case 'TemplateLiteral':
      return worst(expr.expressions.map((e) => patternOrigin(e, analysis, depth + 1)));
    case 'Identifier': {
      const binding = analysis.lookup(expr.name);
      if (binding && binding.init && !binding.path && !binding.reassigned && binding.kind !== 'param') {
        return patternOrigin(binding.init, analysis, depth + 1);
      }
      break;
    }
    default:
      break;
  }
  return analysis.origin(expr);
}

function isEscapeCall(call: TSESTree.CallExpression, analysis: FileAnalysis): boolean {
  const name = analysis.qualifiedName(call.callee);
  if (name !== undefined && ESCAPE_FUNCTIONS.has(name)) return true;
  const callee = call.callee;
  const last = callee.type === 'Identifier' ? callee.name : callee.type === 'MemberExpression' ? memberPropertyName(callee) : undefined;
  if (last !== undefined && /^escape(?:String)?Reg(?:Exp?|ex)(?:String)?$/i.test(last)) return true;
  // s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  if (callee.type === 'MemberExpression' && (last === 'replace' || last === 'replaceAll')) {
    const [pattern, replacement] = call.arguments;
    return (
      pattern !== undefined &&
      pattern.type === 'Literal' &&
      'regex' in pattern &&
      INLINE_ESCAPE_CLASS.test(pattern.regex.pattern) &&
      replacement !== undefined &&
      replacement.type === 'Literal' &&
      typeof replacement.value === 'string' &&
      replacement.value.startsWith('\\')
    );
  }
  return false;
}

function worst(origins: ValueOrigin[]): ValueOrigin {
  let best: ValueOrigin = { kind: 'constant' };
  for (const origin of origins) {
    if (origin.kind === 'external' && (best.kind !== 'external' || origin.confidence > best.confidence)) best = origin;
    else if (origin.kind === 'unknown' && best.kind === 'constant') best = origin;
  }
  return best;
}

/** Flags for checking the pattern as one match attempt at one position. */
function stickyFlags(flags: string): string {
  const kept = flags.replace(/[gy]/g, '');
  return `${kept}y`;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

// ---- the checker, with its cache ----

/**
 * Asks recheck whether a pattern is vulnerable. Undefined when it is safe, when the check ran out
 * of its time budget, or when the pattern is one recheck cannot analyse.
 */
export function checkPattern(source: string, flags: string, timeoutMs: number): ReDoSResult | undefined {
  const key = `${flags}/${source}`;
  const cached = cache.get(key);
  if (cached !== undefined && (cached.timedOutWithin === undefined || cached.timedOutWithin >= timeoutMs)) return cached.result;
  const entry = runRecheck(source, flags, timeoutMs);
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, entry);
  return entry.result;
}

function runRecheck(source: string, flags: string, timeoutMs: number): CacheEntry {
  const checker = loadRecheck();
  if (checker === null) return { result: undefined };
  let diagnostics: Diagnostics;
  try {
    // The automaton checker answers most patterns in a few milliseconds and proves its answer;
    // look-arounds and back-references are beyond it, and go to recheck's fuzzer instead.
    diagnostics = checker.checkSync(source, flags, { timeout: timeoutMs, checker: 'automaton' });
    if (diagnostics.status === 'unknown' && diagnostics.error.kind === 'unsupported') {
      diagnostics = checker.checkSync(source, flags, { timeout: timeoutMs });
    }
  } catch {
    return { result: undefined };
  }
  if (diagnostics.status === 'unknown') {
    return { result: undefined, ...(diagnostics.error.kind === 'timeout' ? { timedOutWithin: timeoutMs } : {}) };
  }
  if (diagnostics.status !== 'vulnerable') return { result: undefined };
  const { complexity, attack } = diagnostics;
  return {
    result: {
      complexity: complexity.summary,
      type: complexity.type,
      ...(complexity.type === 'polynomial' ? { degree: complexity.degree } : {}),
      attack: attack.string,
      attackPattern: attack.pattern,
      checker: diagnostics.checker,
    },
  };
}

function loadRecheck(): RecheckModule | null {
  if (recheck === undefined) {
    try {
      recheck = createRequire(import.meta.url)('recheck') as RecheckModule;
    } catch {
      recheck = null;
    }
  }
  return recheck;
}

// ---- the pre-filter ----

export interface PatternShape {
  /** Quantifiers without a bound (`*`, `+`, `{n,}`) or with a large one. */
  unbounded: number;
  /**
   * The pattern can backtrack super-linearly within one match attempt: a repeated group that holds
   * a quantifier, an alternation or a back-reference; a back-reference next to an unbounded
   * quantifier; or two unbounded quantifiers that can consume the same characters with nothing
   * between them that must match a character neither of them takes (`\d+\.?\d*` passes,
   * `\s*=\s*` does not: the `=` in between cannot be part of a run that both loops consume).
   */
  mayBacktrack: boolean;
}

const LARGE_BOUND = 10;

/** Approximate character sets: one bit per ASCII character, and one for all others. */
type CharSet = Uint32Array;
const WORDS = 5;
const NON_ASCII = 4;

interface Item {
  set: CharSet;
  optional: boolean;
  unbounded: boolean;
  /** Optional groups and alternatives the item sits in: it runs only when all of them do. */
  within: string[];
}

interface Frame {
  id: number;
  /** Index of the alternative being read. */
  alternative: number;
  items: Array<{ item: Item; alternative: number }>;
  ambiguous: boolean;
  alternation: boolean;
  lookaround: boolean;
}

/**
 * One pass over the pattern text with a small parser for escapes, classes and groups; anything
 * it does not understand is taken as "any character", which can only let more patterns through.
 */
export function patternShape(source: string, flags = ''): PatternShape {
  const ignoreCase = flags.includes('i');
  const dotAll = flags.includes('s');
  let unbounded = 0;
  let backreference = false;
  let nestedRepeat = false;
  let groups = 0;
  const newFrame = (lookaround: boolean): Frame => ({ id: groups++, alternative: 0, items: [], ambiguous: false, alternation: false, lookaround });
  const stack: Frame[] = [newFrame(false)];
  const push = (item: Item): void => {
    const frame = stack[stack.length - 1]!;
    frame.items.push({ item, alternative: frame.alternative });
  };
  const top = (): Frame => stack[stack.length - 1]!;
  const markAmbiguous = (): void => {
    for (const frame of stack) frame.ambiguous = true;
  };
  const n = source.length;
  let i = 0;
  while (i < n) {
    const ch = source[i]!;
    let item: Item | undefined;
    let group: Frame | undefined;
    if (ch === '\\') {
      const next = source[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && source[i + 2] === '<')) {
        backreference = true;
        markAmbiguous();
      }
      let end = i + 2;
      if ((next === 'p' || next === 'P' || next === 'u' || next === 'k') && (source[i + 2] === '{' || source[i + 2] === '<')) {
        const close = source.indexOf(source[i + 2] === '{' ? '}' : '>', i + 3);
        end = close === -1 ? n : close + 1;
      } else if (next === 'x') end = i + 4;
      else if (next === 'u') end = i + 6;
      else if (next === 'c') end = i + 3;
      const set = escapeSet(source.slice(i, end), ignoreCase);
      i = end;
      if (next === 'b' || next === 'B') continue; // zero-width
      item = { set, optional: false, unbounded: false, within: [] };
    } else if (ch === '[') {
      const end = classEnd(source, i);
      item = { set: classSet(source.slice(i, end), ignoreCase), optional: false, unbounded: false, within: [] };
      i = end;
    } else if (ch === '(') {
      const prefix = source[i + 1] === '?' ? groupPrefixLength(source, i) : 1;
      const head = source.slice(i, i + prefix);
      stack.push(newFrame(/^\(\?<?[=!]$/.test(head)));
      i += prefix;
      continue;
    } else if (ch === ')') {
      if (stack.length === 1) return { unbounded, mayBacktrack: true }; // unbalanced: let recheck decide
      group = stack.pop()!;
      i++;
    } else if (ch === '|') {
      top().alternation = true;
      top().ambiguous = true;
      top().alternative++;
      i++;
      continue;
    } else if (ch === '^' || ch === '$') {
      i++;
      continue;
    } else {
      const set = ch === '.' ? dotSet(dotAll) : charSet(ch, ignoreCase);
      item = { set, optional: false, unbounded: false, within: [] };
      i++;
    }
    const quantifier = i < n ? readQuantifier(source, i) : undefined;
    if (quantifier !== undefined) {
      i += quantifier.length;
      if (quantifier.max > LARGE_BOUND) unbounded++;
      markAmbiguous();
      if (group !== undefined && quantifier.max <= 1) {
        // `(...)?`: loops inside it still meet the ones around it
        for (const member of unwrap(group, quantifier.min === 0)) push(member);
        continue;
      }
      if (group !== undefined) {
        if (group.ambiguous) nestedRepeat = true;
        item = { set: unionOf(group.items.map((entry) => entry.item)), optional: false, unbounded: false, within: [] };
      }
      item!.optional = quantifier.min === 0;
      item!.unbounded = quantifier.max > LARGE_BOUND;
      push(item!);
    } else if (group !== undefined) {
      for (const member of unwrap(group, false)) push(member);
      if (group.ambiguous) top().ambiguous = true;
    } else {
      push(item!);
    }
  }
  if (stack.length !== 1) return { unbounded, mayBacktrack: true };
  const items = unwrap(stack[0]!, false);
  const mayBacktrack = nestedRepeat || (backreference && unbounded >= 1) || (unbounded >= 2 && overlappingLoops(items));
  return { unbounded, mayBacktrack };
}

/** Two unbounded loops that can share a run of characters, with no mandatory character between them that ends the run. */
function overlappingLoops(items: Item[]): boolean {
  for (let a = 0; a < items.length; a++) {
    if (!items[a]!.unbounded) continue;
    for (let b = a + 1; b < items.length; b++) {
      if (!items[b]!.unbounded) continue;
      const shared = intersect(items[a]!.set, items[b]!.set);
      if (isEmpty(shared)) continue;
      let blocked = false;
      for (let m = a + 1; m < b && !blocked; m++) {
        const middle = items[m]!;
        // the middle item must run whenever both loops do
        const runsWithLoops = middle.within.every((g) => items[a]!.within.includes(g) || items[b]!.within.includes(g));
        if (!middle.optional && runsWithLoops && isEmpty(intersect(middle.set, shared))) blocked = true;
      }
      if (!blocked) return true;
    }
  }
  return false;
}

/**
 * The items of a closed group as seen from outside: tagged with the alternative they belong to
 * and with the group when it may be skipped; the content of a lookaround consumes nothing.
 */
function unwrap(group: Frame, optional: boolean): Item[] {
  return group.items.map(({ item, alternative }) => {
    const within = [...item.within];
    if (group.alternation) within.push(`${group.id}.${alternative}`);
    if (optional) within.push(`${group.id}?`);
    return { ...item, within, optional: item.optional || group.lookaround };
  });
}

function emptySet(): CharSet {
  return new Uint32Array(WORDS);
}

function fullSet(): CharSet {
  return new Uint32Array(WORDS).fill(0xffffffff);
}

function add(set: CharSet, code: number): void {
  if (code >= 128) set[NON_ASCII] = 1;
  else set[code >> 5]! |= 1 << (code & 31);
}

function addRange(set: CharSet, from: number, to: number, ignoreCase: boolean): void {
  for (let c = from; c <= Math.min(to, 127); c++) {
    add(set, c);
    if (ignoreCase) {
      const letter = String.fromCharCode(c);
      add(set, letter.toLowerCase().charCodeAt(0));
      add(set, letter.toUpperCase().charCodeAt(0));
    }
  }
  if (to >= 128) set[NON_ASCII] = 1;
}

function charSet(ch: string, ignoreCase: boolean): CharSet {
  const set = emptySet();
  const code = ch.charCodeAt(0);
  addRange(set, code, code, ignoreCase);
  return set;
}

function dotSet(dotAll: boolean): CharSet {
  const set = fullSet();
  if (!dotAll) {
    set[0]! &= ~((1 << 10) | (1 << 13));
  }
  return set;
}

function complement(set: CharSet): CharSet {
  const out = emptySet();
  for (let w = 0; w < NON_ASCII; w++) out[w] = ~set[w]! >>> 0;
  out[NON_ASCII] = 1; // the complement of an ASCII-only set holds other characters; of a wide one, maybe
  return out;
}

const CLASS_ESCAPES: Record<string, () => CharSet> = {
  d: () => rangeSet([[48, 57]]),
  w: () => rangeSet([[48, 57], [65, 90], [97, 122], [95, 95]]),
  s: () => {
    const set = rangeSet([[9, 13], [32, 32]]);
    set[NON_ASCII] = 1;
    return set;
  },
};

function rangeSet(ranges: Array<[number, number]>): CharSet {
  const set = emptySet();
  for (const [from, to] of ranges) addRange(set, from, to, false);
  return set;
}

/** The set of one escape (`\d`, `\.`, `\n`, `\x41`, ...); unknown ones are any character. */
function escapeSet(escape: string, ignoreCase: boolean): CharSet {
  const letter = escape[1] ?? '';
  const lower = letter.toLowerCase();
  if (CLASS_ESCAPES[lower] !== undefined && escape.length === 2) {
    const set = CLASS_ESCAPES[lower]!();
    return letter === lower ? set : complement(set);
  }
  const controls: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, '0': 0 };
  if (escape.length === 2 && controls[letter] !== undefined) return charSet(String.fromCharCode(controls[letter]!), false);
  if (letter === 'x' && /^\\x[0-9a-fA-F]{2}$/.test(escape)) return charSet(String.fromCharCode(parseInt(escape.slice(2), 16)), ignoreCase);
  if (letter === 'u' && /^\\u[0-9a-fA-F]{4}$/.test(escape)) return charSet(String.fromCharCode(parseInt(escape.slice(2), 16)), ignoreCase);
  if (escape.length === 2 && /[^a-zA-Z0-9]/.test(letter)) return charSet(letter, ignoreCase);
  return fullSet();
}

function classEnd(source: string, start: number): number {
  let depth = 0;
  for (let j = start; j < source.length; j++) {
    const c = source[j]!;
    if (c === '\\') j++;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return j + 1;
  }
  return source.length;
}

/** The set of a class `[...]`; nested classes and set operations (v flag) give any character. */
function classSet(text: string, ignoreCase: boolean): CharSet {
  let body = text.slice(1, text.endsWith(']') ? -1 : undefined);
  const negated = body.startsWith('^');
  if (negated) body = body.slice(1);
  if (body.includes('[') || body.includes('&&') || body.includes('--')) return fullSet();
  const set = emptySet();
  let j = 0;
  const next = (): { code: number; set?: CharSet } => {
    if (body[j] === '\\') {
      const letter = body[j + 1] ?? '';
      let end = j + 2;
      if (letter === 'x') end = j + 4;
      else if (letter === 'u') end = body[j + 2] === '{' ? body.indexOf('}', j) + 1 || body.length : j + 6;
      else if ((letter === 'p' || letter === 'P') && body[j + 2] === '{') end = body.indexOf('}', j) + 1 || body.length;
      else if (letter === 'c') end = j + 3;
      const escape = body.slice(j, end);
      j = end;
      if (letter === 'b') return { code: 8 };
      const escaped = escapeSet(escape, ignoreCase);
      const single = singleCode(escaped);
      return single === undefined ? { code: -1, set: escaped } : { code: single };
    }
    return { code: body.charCodeAt(j++) };
  };
  while (j < body.length) {
    const from = next();
    if (from.set) {
      for (let w = 0; w < WORDS; w++) set[w]! |= from.set[w]!;
      continue;
    }
    if (body[j] === '-' && j + 1 < body.length) {
      j++;
      const to = next();
      if (to.set) {
        addRange(set, from.code, from.code, ignoreCase);
        add(set, 45);
        for (let w = 0; w < WORDS; w++) set[w]! |= to.set[w]!;
        continue;
      }
      addRange(set, from.code, to.code, ignoreCase);
      continue;
    }
    addRange(set, from.code, from.code, ignoreCase);
  }
  return negated ? complement(set) : set;
}

/** The character of a one-character set, if it is one. */
function singleCode(set: CharSet): number | undefined {
  if (set[NON_ASCII]) return undefined;
  let found: number | undefined;
  for (let c = 0; c < 128; c++) {
    if (set[c >> 5]! & (1 << (c & 31))) {
      if (found !== undefined) return undefined;
      found = c;
    }
  }
  return found;
}

function unionOf(items: Item[]): CharSet {
  const set = emptySet();
  for (const item of items) for (let w = 0; w < WORDS; w++) set[w]! |= item.set[w]!;
  return set;
}

function intersect(a: CharSet, b: CharSet): CharSet {
  const out = emptySet();
  for (let w = 0; w < WORDS; w++) out[w] = (a[w]! & b[w]!) >>> 0;
  return out;
}

function isEmpty(set: CharSet): boolean {
  for (let w = 0; w < WORDS; w++) if (set[w] !== 0) return false;
  return true;
}

function groupPrefixLength(source: string, i: number): number {
  // (?:  (?=  (?!  (?<=  (?<!  (?<name>  and modifiers (?i:
  if (source[i + 2] === '<' && source[i + 3] !== '=' && source[i + 3] !== '!') {
    const close = source.indexOf('>', i + 3);
    return close === -1 ? 3 : close - i + 1;
  }
  if (source[i + 2] === '<') return 4;
  const colon = /^\(\?[a-zA-Z-]*[:=!]/.exec(source.slice(i, i + 12));
  return colon ? colon[0].length : 2;
}

function readQuantifier(source: string, i: number): { min: number; max: number; length: number } | undefined {
  const ch = source[i];
  let length = 1;
  let min = 0;
  let max: number;
  if (ch === '*') max = Infinity;
  else if (ch === '+') {
    min = 1;
    max = Infinity;
  } else if (ch === '?') max = 1;
  else if (ch === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
    if (!match) return undefined;
    length = match[0].length;
    min = Number(match[1]);
    max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
  } else return undefined;
  if (source[i + length] === '?') length++; // lazy
  return { min, max, length };
}
