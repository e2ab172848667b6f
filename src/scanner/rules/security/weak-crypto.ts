// weak-crypto: broken or unsuitable cryptography from Node's `crypto` and `Math.random`.
//   - createHash('md5' | 'sha1' | 'md4'): collisions are cheap. Most uses are checksums, cache keys
//     or ETags, so those are reported at low severity/confidence; when the surrounding names
//     speak of passwords, tokens, secrets or signatures the finding is raised.
//   - createCipher/createDecipher: deprecated, derive the key with MD5 and use no IV.
//   - createCipheriv with DES, 3DES, RC4, RC2, Blowfish or an ECB mode.
//   - Math.random() making a token, password, secret, salt, nonce or session id (recognised by the
//     name the value is given). Math.random for jitter, shuffling, UI or sampling is never reported.
import type { TSESTree } from '@typescript-eslint/typescript-estree';
import { defineRule, type Node } from '../../rule.js';
import { memberPropertyName, propertyKeyName } from '../../analysis/file-analysis.js';

const WEAK_HASHES = new Set(['md5', 'md4', 'md2', 'sha1', 'sha-1', 'rsa-md5', 'rsa-sha1', 'ripemd', 'rmd160']);
const WEAK_CIPHER = /^(?:des(?:-|$|3|x)|des-ede|rc4|rc2|bf(?:-|$)|blowfish|cast|idea)|-ecb$|^id-aes\d+-ecb/i;
/** Words of a name that mark a security use. */
const SECURITY_WORDS = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'token', 'secret', 'salt', 'nonce', 'csrf', 'xsrf', 'otp', 'signature',
  'credential', 'credentials', 'apikey', 'session', 'sessionid', 'sid', 'auth', 'hmac', 'jwt', 'verifier', 'challenge',
  'captcha',
]);
/** `resetCode`, `inviteCode`, `verificationCode`: one-time codes sent to users. */
const CODE_PREFIXES = new Set(['reset', 'invite', 'invitation', 'activation', 'recovery', 'verification', 'verify', 'confirmation', 'login', 'auth', 'access']);
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '|', '^', '&', '>>', '>>>', '<<', '**']);
/** Word pairs that mark a security use (`apiKey`, `privateKey`, `secretKey`, `accessKey`). */
const KEY_PREFIXES = new Set(['api', 'private', 'secret', 'access', 'signing', 'encryption', 'master', 'session', 'auth']);
/** Last words that make a name clearly not a secret (`tokenCount`, `saltLength`, `passwordField`). */
const NEUTRAL_LAST_WORDS = new Set([
  'count', 'index', 'idx', 'length', 'len', 'size', 'delay', 'ms', 'timeout', 'interval', 'jitter', 'duration', 'offset',
  'position', 'pos', 'x', 'y', 'width', 'height', 'color', 'colour', 'opacity', 'angle', 'ratio', 'percent', 'weight',
  'field', 'label', 'name', 'type', 'url', 'path', 'rounds', 'expiry', 'ttl', 'min', 'max', 'limit', 'attempts',
]);
/** Names that say "random for uniqueness" rather than for secrecy: reported at low confidence. */
const ID_WORDS = new Set(['uuid', 'guid']);
const WORD_SPLIT = /[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/;

type SecurityLevel = 'security' | 'id' | 'neutral' | 'none';

export default defineRule({
  meta: {
    id: 'weak-crypto',
    category: 'security',
    severity: 'medium',
    fixable: true,
    description: 'Broken hash functions and ciphers, and Math.random() used for secrets.',
    cwe: ['CWE-327', 'CWE-328', 'CWE-338'],
    owasp: ['A02:2021-Cryptographic Failures'],
    messages: {
      weakHash: '{{algorithm}} is broken for security use (collisions are cheap){{context}}.',
      deprecatedCipher: 'crypto.{{fn}}() is deprecated: it derives the key with one MD5 round and uses no IV, so equal plaintexts give equal ciphertexts.',
      weakCipher: 'The cipher "{{algorithm}}" is broken or leaks patterns (DES/3DES/RC4/RC2/Blowfish or ECB mode).',
      insecureRandom: 'Math.random() makes {{name}}: it is not a cryptographic generator, and its output can be predicted from a few samples.',
    },
    recommendation:
      'Use SHA-256 or better (and scrypt/argon2/bcrypt for passwords), AES-256-GCM with createCipheriv and a random IV, and crypto.randomBytes / crypto.randomUUID / crypto.getRandomValues for anything secret.',
  },
  create(context) {
    const { analysis } = context;
    return {
      CallExpression(node) {
        const callee = analysis.qualifiedName(node.callee);
        if (callee === undefined) return;
        switch (callee) {
          case 'crypto.createHash': {
            const algorithm = firstStringArg(node, analysis);
            if (algorithm === undefined || !WEAK_HASHES.has(algorithm.toLowerCase())) return;
            const name = hashContextName(node);
            const level = name === undefined ? 'none' : securityLevel(name);
            const security = level === 'security';
            context.report({
              node,
              messageId: 'weakHash',
              data: { algorithm: algorithm.toUpperCase(), context: security ? ` and "${name}" looks like a security use` : '' },
              severity: security ? 'medium' : 'low',
              confidence: security ? 0.8 : 0.35,
              metadata: { algorithm, context_name: name ?? null },
            });
            return;
          }
          case 'crypto.createCipher':
          case 'crypto.createDecipher':
            context.report({
              node,
              messageId: 'deprecatedCipher',
              data: { fn: callee.slice('crypto.'.length) },
              severity: 'high',
              confidence: 0.9,
            });
            return;
          case 'crypto.createCipheriv':
          case 'crypto.createDecipheriv': {
            const algorithm = firstStringArg(node, analysis);
            if (algorithm === undefined || !WEAK_CIPHER.test(algorithm)) return;
            context.report({ node, messageId: 'weakCipher', data: { algorithm }, confidence: 0.85, metadata: { algorithm } });
            return;
          }
          case 'Math.random': {
            const use = randomUse(node, analysis.currentFunction());
            if (use === undefined) return;
            context.report({
              node,
              messageId: 'insecureRandom',
              data: { name: `"${use.name}"` },
              severity: use.level === 'security' ? 'medium' : 'low',
              confidence: use.level === 'security' ? use.confidence : 0.45,
              metadata: { context_name: use.name },
            });
            return;
          }
          default:
            return;
        }
      },
    };
  },
});

function firstStringArg(node: TSESTree.CallExpression, analysis: { staticString(n: Node): string | undefined }): string | undefined {
  const arg = node.arguments[0];
  if (!arg || arg.type === 'SpreadElement') return undefined;
  return analysis.staticString(arg);
}

/** Splits `resetPasswordToken`, `API_KEY`, `session-id` into lower-case words. */
function words(name: string): string[] {
  return name.split(WORD_SPLIT).filter((w) => w.length > 0).map((w) => w.toLowerCase());
}

export function securityLevel(name: string): SecurityLevel {
  const parts = words(name);
  if (parts.length === 0) return 'none';
  if (NEUTRAL_LAST_WORDS.has(parts[parts.length - 1]!)) return 'neutral';
  for (let i = 0; i < parts.length; i++) {
    const word = parts[i]!;
    if (SECURITY_WORDS.has(word)) return 'security';
    if (word === 'key' && i > 0 && KEY_PREFIXES.has(parts[i - 1]!)) return 'security';
    if (word === 'id' && i > 0 && parts[i - 1] === 'session') return 'security';
    if (word === 'code' && i > 0 && CODE_PREFIXES.has(parts[i - 1]!)) return 'security';
  }
  for (const word of parts) if (ID_WORDS.has(word)) return 'id';
  return 'none';
}

/** The name a value is stored under: variable, property, assignment target or class field. */
function nameOfTarget(parent: Node, child: Node): string | undefined {
  switch (parent.type) {
    case 'VariableDeclarator':
      return parent.init === child && parent.id.type === 'Identifier' ? parent.id.name : undefined;
    case 'Property':
      return parent.value === child && !parent.computed ? propertyKeyName(parent.key) : undefined;
    case 'PropertyDefinition':
      return parent.value === child && !parent.computed ? propertyKeyName(parent.key) : undefined;
    case 'AssignmentExpression':
      if (parent.right !== child) return undefined;
      if (parent.left.type === 'Identifier') return parent.left.name;
      if (parent.left.type === 'MemberExpression') return memberPropertyName(parent.left);
      return undefined;
    case 'AssignmentPattern':
      return parent.right === child && parent.left.type === 'Identifier' ? parent.left.name : undefined;
    default:
      return undefined;
  }
}


/** The name of a function: declaration id, `const f = () =>`, method or property key. */
function functionName(fn: TSESTree.FunctionLike | undefined): string | undefined {
  if (!fn) return undefined;
  if ((fn.type === 'FunctionDeclaration' || fn.type === 'FunctionExpression') && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (!parent) return undefined;
  if (parent.type === 'MethodDefinition' || parent.type === 'Property' || parent.type === 'PropertyDefinition') {
    return parent.computed ? undefined : propertyKeyName(parent.key);
  }
  return nameOfTarget(parent, fn);
}

/**
 * The name under which a weak hash result is stored: climbs `.update(x).digest()` chains. The
 * arguments of `.update()` count too (`createHash('md5').update(password)`).
 */
function hashContextName(call: TSESTree.CallExpression): string | undefined {
  let node: Node = call;
  let fallback: string | undefined;
  for (let depth = 0; depth < 10; depth++) {
    const parent: Node | undefined = node.parent;
    if (!parent) return fallback;
    if (parent.type === 'MemberExpression' && parent.object === node) {
      node = parent;
      continue;
    }
    if (parent.type === 'CallExpression' && parent.callee === node) {
      if (node.type === 'MemberExpression' && memberPropertyName(node) === 'update') {
        const arg = parent.arguments[0];
        const argName = arg ? valueName(arg) : undefined;
        if (argName !== undefined && securityLevel(argName) === 'security') fallback = argName;
      }
      node = parent;
      continue;
    }
    if (parent.type === 'AwaitExpression' || parent.type === 'TSAsExpression' || parent.type === 'ChainExpression') {
      node = parent;
      continue;
    }
    const target = nameOfTarget(parent, node);
    if (target !== undefined) return securityLevel(target) === 'security' ? target : (fallback ?? target);
    if (parent.type === 'ReturnStatement' || (parent.type === 'ArrowFunctionExpression' && parent.body === node)) {
      let fn: Node | undefined = parent;
      while (fn && fn.type !== 'FunctionDeclaration' && fn.type !== 'FunctionExpression' && fn.type !== 'ArrowFunctionExpression') fn = fn.parent;
      const name = functionName(fn as TSESTree.FunctionLike | undefined);
      if (name !== undefined && securityLevel(name) === 'security') return name;
    }
    return fallback;
  }
  return fallback;
}

function valueName(node: Node): string | undefined {
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'MemberExpression') return memberPropertyName(node);
  return undefined;
}

/**
 * Where a Math.random() value goes. Climbs arithmetic, `Math.floor(...)`, `.toString(36)`,
 * `.slice()`, string indexing and template literals up to the name it is stored under or the
 * function that returns it.
 */
function randomUse(
  call: TSESTree.CallExpression,
  enclosing: TSESTree.FunctionLike | undefined,
): { name: string; level: 'security' | 'id'; confidence: number } | undefined {
  let node: Node = call;
  let builtString = false;
  for (let depth = 0; depth < 12; depth++) {
    const parent: Node | undefined = node.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case 'BinaryExpression':
        // arithmetic and concatenation keep the random value; comparisons make a coin flip
        if (!ARITHMETIC.has(parent.operator)) return undefined;
        node = parent;
        continue;
      case 'TemplateLiteral':
      case 'TSAsExpression':
      case 'TSNonNullExpression':
      case 'ChainExpression':
        node = parent;
        continue;
      case 'MemberExpression':
        if (parent.object === node) {
          node = parent;
          continue;
        }
        // chars[Math.floor(Math.random() * chars.length)]: a character picked at random
        builtString = true;
        node = parent;
        continue;
      case 'CallExpression': {
        if (parent.callee === node) {
          node = parent;
          continue;
        }
        const callee = parent.callee;
        const method = callee.type === 'MemberExpression' ? memberPropertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
        if (method === 'floor' || method === 'round' || method === 'ceil' || method === 'trunc' || method === 'abs' || method === 'String') {
          node = parent;
          continue;
        }
        if (method === 'charAt' || method === 'fromCharCode' || method === 'toString' || method === 'codePointAt') {
          builtString = true;
          node = parent;
          continue;
        }
        return undefined;
      }
      case 'ReturnStatement':
      case 'ArrowFunctionExpression': {
        if (parent.type === 'ArrowFunctionExpression' && parent.body !== node) return undefined;
        return fromFunctionName(enclosing, 0.75);
      }
      default: {
        const target = nameOfTarget(parent, node);
        if (target === undefined) return undefined;
        const level = securityLevel(target);
        if (level === 'security') return { name: target, level, confidence: 0.8 };
        if (level === 'id') return { name: target, level, confidence: 0.45 };
        if (level === 'neutral' || !builtString) return undefined;
        // `out += chars[...]` inside generatePassword(): the string being built is the secret
        return fromFunctionName(enclosing, 0.65);
      }
    }
  }
  return undefined;
}

function fromFunctionName(
  fn: TSESTree.FunctionLike | undefined,
  confidence: number,
): { name: string; level: 'security' | 'id'; confidence: number } | undefined {
  const name = functionName(fn);
  if (name === undefined) return undefined;
  const level = securityLevel(name);
  if (level === 'security') return { name, level, confidence };
  if (level === 'id') return { name, level, confidence: 0.45 };
  return undefined;
}
