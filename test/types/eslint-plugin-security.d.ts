// eslint-plugin-security ships no types; the comparison bench only passes it to ESLint as a plugin.
declare module 'eslint-plugin-security';
