// Renders a unified diff for people: added lines green, removed red, hunk headers cyan, file
// headers bold. Without colour the diff is returned as it is (still what `git apply` reads).
import { makeChalk } from '../terminal.js';

export function renderDiff(diff: string, color: boolean): string {
  if (!color) return diff;
  const chalk = makeChalk(true);
  return diff
    .split('\n')
    .map((line) => {
      if (line.startsWith('diff --git') || line.startsWith('+++') || line.startsWith('---') || line.startsWith('new file mode')) return chalk.bold(line);
      if (line.startsWith('@@')) return chalk.cyan(line);
      if (line.startsWith('+')) return chalk.green(line);
      if (line.startsWith('-')) return chalk.red(line);
      return line;
    })
    .join('\n');
}
