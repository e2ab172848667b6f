import rule from '../../../src/scanner/rules/error-handling/empty-catch.js';
import { testRule } from '../../helpers/rule-tester.js';

testRule(rule, {
  valid: [
    { name: 'catch that logs', code: `try { run(); } catch (err) { console.error(err); }` },
    { name: 'comment explains why', code: `try {\n  fs.unlinkSync(tmp);\n} catch {\n  // the file may already be gone\n}` },
    { name: 'block comment inside', code: `try { JSON.parse(s); } catch (e) { /* not JSON: keep the raw text */ }` },
    { name: '.catch with a handler', code: `p.catch((err) => log(err));` },
    { name: '.catch with a comment', code: `p.catch(() => {\n  // best effort: the cache is optional\n});` },
    { name: '.catch with an expression body', code: `p.catch(() => null);\np.catch(noop);` },
    { name: 'binding named to be ignored', code: `try { a(); } catch (_err) {}\ntry { b(); } catch (ignored) {}` },
    { name: 'comment before the catch does not count as inside, but a filled block is fine', code: `// ignore\ntry { a(); } catch (e) { b(); }` },
  ],
  invalid: [
    { name: 'empty catch with binding', code: `try {\n  run();\n} catch (err) {}`, errors: [{ line: 3, messageId: 'emptyCatch', minConfidence: 0.8 }] },
    { name: 'empty optional catch binding', code: `try { run(); } catch {}`, errors: [{ line: 1, maxConfidence: 0.7 }] },
    { name: 'comment outside the block does not count', code: `try { run(); } // ignore errors\ncatch (e) {\n}`, errors: [{ line: 2 }] },
    { name: 'nested empty catch inside a function', code: `export async function f() {\n  try { await g(); } catch (e) {\n  }\n}`, errors: [{ line: 2 }] },
    { name: 'promise .catch with empty arrow', code: `fetch(u).then((r) => r.json()).catch(() => {});`, errors: [{ line: 1, messageId: 'emptyHandler' }] },
    { name: 'promise .catch with empty function', code: `save().catch(function () {\n});`, errors: [{ line: 1, messageId: 'emptyHandler' }] },
    { name: 'comment in another catch does not count', code: `try { a(); } catch (e) { /* fine */ }\ntry { b(); } catch (e) {}`, errors: [{ line: 2 }] },
  ],
});
