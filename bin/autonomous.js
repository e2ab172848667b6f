#!/usr/bin/env node
// Launcher for the compiled CLI; `npm ci` builds dist/ through the prepare script.
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    console.error('autonomous: the CLI is not built yet; run `npm run build` (or `npm ci`, which builds it).');
    process.exit(3);
  }
  throw error;
});
