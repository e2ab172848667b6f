// import-cycle: modules of the project that import each other in a circle. At run time one of
// them sees the other half-initialised (undefined imports, TDZ errors), and the circle couples
// everything in it. Type-only imports are ignored: they vanish at run time.
import { defineProjectRule } from '../../project-rule.js';

export default defineProjectRule({
  meta: {
    id: 'import-cycle',
    category: 'architecture',
    severity: 'medium',
    description: 'Project modules that import each other in a cycle.',
    messages: {
      cycle: 'Import cycle of {{count}} modules: {{path}}.',
      selfImport: 'The module imports itself: {{path}}.',
    },
    recommendation:
      'Break the cycle: move what both sides need into a third module, or invert one dependency (pass it in, or use an event/callback).',
    confidence: 0.95,
  },
  check(context) {
    const graph = new Map<string, Array<{ to: string; line: number }>>();
    for (const [file, facts] of context.files) {
      const edges: Array<{ to: string; line: number }> = [];
      for (const fact of facts.imports) {
        if (fact.typeOnly || !fact.specifier.startsWith('.')) continue;
        const to = context.resolveImport(file, fact.specifier);
        if (to !== undefined) edges.push({ to, line: fact.line });
      }
      graph.set(file, edges);
    }
    for (const component of stronglyConnected(graph)) {
      const members = new Set(component);
      if (component.length === 1) {
        const only = component[0]!;
        if (!(graph.get(only) ?? []).some((e) => e.to === only)) continue;
      }
      const start = [...component].sort()[0]!;
      const path = cyclePath(start, members, graph);
      const edge = (graph.get(start) ?? []).find((e) => e.to === path[1]);
      context.report({
        file: start,
        line: edge?.line ?? 1,
        messageId: component.length === 1 ? 'selfImport' : 'cycle',
        data: { count: component.length, path: [...path, start].join(' -> ') },
        fingerprintText: [...component].sort().join('\n'),
        metadata: { modules: [...component].sort() },
      });
    }
  },
});

/** Tarjan's algorithm, iterative (deep import chains must not overflow the stack). */
export function stronglyConnected(graph: ReadonlyMap<string, Array<{ to: string }>>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const lowlink = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  for (const root of [...graph.keys()].sort()) {
    if (indices.has(root)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: root, edge: 0 }];
    indices.set(root, index);
    lowlink.set(root, index++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!.to;
        if (!graph.has(to)) continue;
        if (!indices.has(to)) {
          indices.set(to, index);
          lowlink.set(to, index++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) {
          lowlink.set(frame.node, Math.min(lowlink.get(frame.node)!, indices.get(to)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) lowlink.set(parent.node, Math.min(lowlink.get(parent.node)!, lowlink.get(frame.node)!));
      if (lowlink.get(frame.node) === indices.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        out.push(component);
      }
    }
  }
  return out;
}

/** A shortest path from `start` back to itself inside the component (breadth-first). */
function cyclePath(start: string, members: Set<string>, graph: ReadonlyMap<string, Array<{ to: string }>>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const { to } of graph.get(node) ?? []) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [node];
        let cursor = node;
        while (cursor !== start) {
          cursor = previous.get(cursor)!;
          path.unshift(cursor);
        }
        return path;
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start];
}
