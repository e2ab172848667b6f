// hardcoded-secret: credentials written into the source. Two detectors:
//   (a) string literals in a known credential format, anywhere (AWS key ids, GitHub/GitLab/npm/
//       Slack/Stripe/OpenAI/Anthropic/xAI/Google keys, PEM private keys, passwords in URLs);
//   (b) high-entropy strings (Shannon entropy per character) stored under a secret-like name:
//       `const apiKey = "…"`, `{ clientSecret: "…" }`, `this.token = "…"`, `f(password = "…")`.
// Anyone who can read the code, its history or the built bundle has the credential, and it cannot
// be rotated without a release. Placeholders ("changeme", "your-api-key", "xxx…", "<token>",
// "${…}"), environment reads, empty strings, words and identifiers, and values that say they are
// fake ("example", "dummy", "test") are never reported. Found values are masked in every message
// and metadata field (first 4 characters and the length); the engine's code snippet still shows
// the source line.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { isNonProductionPath } from '../../analysis/paths.js';
import { defineRule, numberOption, type Node } from '../../rule.js';
import { memberPropertyName, propertyKeyName } from '../../analysis/file-analysis.js';

interface KnownFormat {
  kind: string;
  pattern: RegExp;
}

/** Cheap pre-filter: a string with none of these markers cannot match a known format. */
const FORMAT_MARKERS = /AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|npm_|xox[baprs]-|k_live_|sk-|xai-|AIza|PRIVATE KEY|:\/\//;
const KNOWN_FORMATS: KnownFormat[] = [
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'GitHub token', pattern: /\bgh[pousr]_[A-Za-z0-9]{36,255}\b/ },
  { kind: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}/ },
  { kind: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { kind: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'Slack token', pattern: /\bxox[baprs]-\d{6,}-[A-Za-z0-9-]{8,}/ },
  { kind: 'Stripe live key', pattern: /\b[sr]k_live_[A-Za-z0-9]{20,}/ },
  { kind: 'Anthropic API key', pattern: /\bsk-ant-[A-Za-z0-9_-]{32,}/ },
  { kind: 'OpenAI API key', pattern: /\bsk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{32,}|\bsk-[A-Za-z0-9]{32,}\b/ },
  { kind: 'xAI API key', pattern: /\bxai-[A-Za-z0-9]{40,}/ },
  { kind: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
];
const PRIVATE_KEY_HEADER = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----/;
const PRIVATE_KEY_BODY = /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,300}?[A-Za-z0-9+/]{40}/;
const URL_CREDENTIALS = /\b[a-z][a-z0-9+.-]{1,20}:\/\/([^\s:@/?#'"]{1,100}):([^\s@/?#'"]{1,200})@([^\s/?#:'"]+)/i;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '0.0.0.0', '::1', 'host.docker.internal']);
/** Names that hold secrets. `auth` but not `author`; whole words for the short ones. */
const SECRET_NAME = /passw(?:or)?d|passphrase|^pass$|^pwd$|secret|token|api_?key|access_?key|private_?key|signing_?key|encryption_?key|master_?key|auth(?!or)|credential|bearer/i;
/** Last words of a name that hold something about a secret rather than the secret itself. */
const NOT_SECRET_LAST_WORDS = new Set([
  'url', 'uri', 'urls', 'endpoint', 'path', 'file', 'filename', 'dir', 'name', 'names', 'field', 'label', 'type', 'prefix',
  'suffix', 'pattern', 'regex', 're', 'length', 'len', 'count', 'min', 'max', 'policy', 'hint', 'placeholder', 'message',
  'msg', 'error', 'errors', 'id', 'hash', 'hashed', 'digest', 'checksum', 'param', 'query', 'env', 'var', 'variable',
  'template', 'format', 'scope', 'scopes', 'expiry', 'expires', 'ttl', 'timeout', 'version', 'mode', 'kind', 'event',
  'route', 'selector', 'class', 'classname', 'input', 'host', 'domain', 'issuer', 'audience', 'algorithm', 'alg',
  'encoding', 'location', 'storage', 'cookie', 'header', 'headers', 'text', 'title', 'description', 'provider', 'strategy',
]);
/** Words that mark a value as a placeholder or a fake. */
const PLACEHOLDER = /example|sample|dummy|fake|placeholder|changeme|change_me|change-me|your|redacted|insert|replace|xxxx|test|mock|\*\*\*|\.\.\.|<|>|\$\{|\{\{|%s|abcdef|123456|000000/i;
const AUTH_SCHEME_PREFIX = /^(?:Bearer|Basic|Token|Bot)\s+/i;
const WORDS_ONLY = /^[A-Za-z._:/-]+$/;
const WHITESPACE = /\s/;
const WORD_SPLIT = /[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;
const MIN_CHECKED_LENGTH = 12;

export default defineRule({
  meta: {
    id: 'hardcoded-secret',
    category: 'security',
    severity: 'critical',
    fixable: true,
    description: 'Credentials written into the source code.',
    cwe: ['CWE-798'],
    owasp: ['A07:2021-Identification and Authentication Failures'],
    defaultOptions: { minLength: 16, minEntropy: 3.5 },
    messages: {
      knownFormat: 'Hard-coded {{kind}} in the source ({{masked}}): anyone who can read the code or its history can use it.',
      privateKey: 'A private key is written in the source ({{masked}}): anyone who can read the code can impersonate its owner.',
      urlPassword: 'A URL carries the password of user "{{user}}" ({{masked}}): anyone who can read the code can log in.',
      highEntropy: '"{{name}}" is set to a hard-coded secret-looking value ({{masked}}, {{entropy}} bits/char of entropy).',
    },
    recommendation:
      'Remove the secret from the code, rotate it (it is in the history), and read it at run time from the environment or a secret manager.',
  },
  create(context) {
    const minLength = numberOption(context.options, 'minLength', 16);
    const minEntropy = numberOption(context.options, 'minEntropy', 3.5);
    const inTest = isNonProductionPath(context.filePath);

    const check = (node: TSESTree.Literal | TSESTree.TemplateLiteral, value: string, fullValue: boolean): void => {
      if (value.length < MIN_CHECKED_LENGTH) return;
      if (FORMAT_MARKERS.test(value) && checkKnownFormats(node, value)) return;
      if (fullValue && value.length >= minLength) checkEntropy(node, value);
    };

    const checkKnownFormats = (node: Node, value: string): boolean => {
      for (const format of KNOWN_FORMATS) {
        const match = format.pattern.exec(value);
        if (!match) continue;
        const token = match[0];
        if (isPlaceholder(token) || shannonEntropy(token) < 3) continue;
        report(node, 'knownFormat', { kind: format.kind, masked: mask(token) }, 'critical', 0.95, format.kind);
        return true;
      }
      if (value.includes('PRIVATE KEY')) {
        const body = PRIVATE_KEY_BODY.exec(value);
        const header = body ? undefined : PRIVATE_KEY_HEADER.exec(value);
        // a lone header is a detector (`startsWith("-----BEGIN…")`) unless it begins a concatenation
        if (body || (header && isConcatenationStart(node))) {
          const text = (body ?? header)![0];
          if (!isPlaceholder(text.slice(text.indexOf('-----', 5) + 5))) {
            report(node, 'privateKey', { masked: `${text.slice(0, text.indexOf('-----', 5) + 5)}… (${value.length} chars)` }, 'critical', 0.9, 'private key');
            return true;
          }
        }
      }
      const url = URL_CREDENTIALS.exec(value);
      if (url) {
        const [, user = '', password = '', host = ''] = url;
        if (isPasswordPlaceholder(user, password)) return false;
        const local = LOCAL_HOSTS.has(host.toLowerCase());
        report(node, 'urlPassword', { user, masked: `${password.length} chars hidden` }, local ? 'medium' : 'critical', local ? 0.5 : 0.85, 'password in URL');
        return true;
      }
      return false;
    };

    const checkEntropy = (node: TSESTree.Literal | TSESTree.TemplateLiteral, raw: string): void => {
      const name = targetName(node);
      if (name === undefined || !isSecretName(name)) return;
      const value = raw.replace(AUTH_SCHEME_PREFIX, '');
      if (value.length < minLength || WHITESPACE.test(value) || WORDS_ONLY.test(value)) return;
      if (value.includes('://') || value.startsWith('./') || value.startsWith('../') || value.includes('\\')) return;
      if (isPlaceholder(value) || value.toLowerCase().includes(name.toLowerCase())) return;
      const entropy = shannonEntropy(value);
      if (entropy < minEntropy) return;
      const confidence = Math.min(0.8, 0.6 + (entropy - minEntropy) * 0.2);
      report(node, 'highEntropy', { name, masked: `${value.length} chars hidden`, entropy: entropy.toFixed(1) }, 'high', confidence, 'high-entropy string');
    };

    const report = (
      node: Node,
      messageId: 'knownFormat' | 'privateKey' | 'urlPassword' | 'highEntropy',
      data: Record<string, string>,
      severity: 'critical' | 'high' | 'medium',
      confidence: number,
      kind: string,
    ): void => {
      context.report({
        node,
        messageId,
        data,
        severity: inTest ? 'medium' : severity,
        confidence: inTest ? Math.min(confidence, 0.5) : confidence,
        metadata: { kind, masked_value: data.masked ?? '' },
        redact: true,
      });
    };

    return {
      Literal(node) {
        if (typeof node.value !== 'string') return;
        const parent = node.parent;
        if (parent && (parent.type === 'ImportDeclaration' || parent.type === 'ExportNamedDeclaration' || parent.type === 'ExportAllDeclaration')) return;
        check(node, node.value, true);
      },
      TemplateLiteral(node) {
        if (node.parent?.type === 'TaggedTemplateExpression') return;
        if (node.expressions.length === 0) {
          check(node, node.quasis[0]?.value.cooked ?? '', true);
          return;
        }
        for (const quasi of node.quasis) {
          const text = quasi.value.cooked ?? '';
          if (text.length >= MIN_CHECKED_LENGTH && FORMAT_MARKERS.test(text) && checkKnownFormats(node, text)) return;
        }
      },
    };
  },
});

/** The first four characters and the length: enough to find the value, not enough to use it. */
export function mask(value: string): string {
  return `${value.slice(0, 4)}… (${value.length} chars)`;
}

export function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  const length = value.length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER.test(value)) return true;
  // one character repeated, or very few distinct characters: "aaaa…", "0101…"
  return new Set(value).size < 6;
}

function isPasswordPlaceholder(user: string, password: string): boolean {
  const lower = password.toLowerCase();
  if (lower === user.toLowerCase()) return true;
  if (lower === 'password' || lower === 'pass' || lower === 'passwd' || lower === 'pwd' || lower === 'pw' || lower === 'secret') return true;
  if (password.length < 3 || /^[:$%{<[]/.test(password)) return true;
  if (PLACEHOLDER.test(password)) return true;
  return new Set(password).size < 2;
}

function isSecretName(name: string): boolean {
  if (!SECRET_NAME.test(name)) return false;
  const parts = name.split(WORD_SPLIT).filter((w) => w.length > 0);
  const last = parts[parts.length - 1]?.toLowerCase();
  return last === undefined || !NOT_SECRET_LAST_WORDS.has(last);
}

/** `"-----BEGIN … PRIVATE KEY-----\n" + "MIIE…"` or a line of an array joined later. */
function isConcatenationStart(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  return (parent.type === 'BinaryExpression' && parent.operator === '+' && parent.left === node) || parent.type === 'ArrayExpression';
}

/** The name a literal is stored under, compared with, or passed as (JSX attribute). */
function targetName(literal: Node): string | undefined {
  let node: Node = literal;
  let parent = node.parent;
  while (parent && (parent.type === 'TSAsExpression' || parent.type === 'TSSatisfiesExpression' || parent.type === 'JSXExpressionContainer')) {
    node = parent;
    parent = node.parent;
  }
  if (!parent) return undefined;
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === node && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'Property':
    case 'PropertyDefinition':
      return parent.value === node && !parent.computed ? propertyKeyName(parent.key) : undefined;
    case 'AssignmentExpression':
      if (parent.right !== node) return undefined;
      if (parent.left.type === 'Identifier') return parent.left.name;
      return parent.left.type === 'MemberExpression' ? memberPropertyName(parent.left) : undefined;
    case 'AssignmentPattern':
      return parent.right === node && parent.left.type === 'Identifier' ? parent.left.name : undefined;
    case 'BinaryExpression': {
      if (parent.operator !== '===' && parent.operator !== '==' && parent.operator !== '!==' && parent.operator !== '!=') return undefined;
      const other = parent.left === node ? parent.right : parent.left;
      if (other.type === 'Identifier') return other.name;
      return other.type === 'MemberExpression' ? memberPropertyName(other) : undefined;
    }
    case 'JSXAttribute':
      return parent.name.type === 'JSXIdentifier' ? parent.name.name : undefined;
    default:
      return undefined;
  }
}

