// Many `contains` triggers tested in one pass over a message (Aho-Corasick), so their cost is the
// message's length whatever they are: String#includes can take time in the product of the two
// lengths, and 450 patterns of 500 characters made one message cost over 100 ms.

export interface LiteralSet {
  /** The index of the first pattern (in the order given) that occurs in `text`, or -1. */
  firstMatch(text: string): number;
}

/** Compiles `patterns` (UTF-16 code units, compared exactly; fold case before, if wanted); a null holds a place. */
export function compileLiteralSet(patterns: readonly (string | null)[]): LiteralSet {
  // The trie: node 0 is the root; an edge is `node * 0x10000 + code unit` → child.
  const edges = new Map<number, number>();
  const best: number[] = [Number.POSITIVE_INFINITY];
  patterns.forEach((pattern, index) => {
    if (pattern === null) return;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const key = node * 0x10000 + pattern.charCodeAt(i);
      let child = edges.get(key);
      if (child === undefined) {
        child = best.length;
        best.push(Number.POSITIVE_INFINITY);
        edges.set(key, child);
      }
      node = child;
    }
    best[node] = Math.min(best[node] as number, index);
  });
  // Failure links, breadth first; `best` then folds in what ends at each node's proper suffixes.
  const fail = new Int32Array(best.length);
  const children = new Map<number, [number, number][]>();
  for (const [key, child] of edges) {
    const parent = Math.floor(key / 0x10000);
    const list = children.get(parent) ?? [];
    list.push([key % 0x10000, child]);
    children.set(parent, list);
  }
  const queue = (children.get(0) ?? []).map(([, child]) => child);
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (const [code, child] of children.get(node) ?? []) {
      fail[child] = step(edges, fail, fail[node] as number, code);
      best[child] = Math.min(best[child] as number, best[fail[child] as number] as number);
      queue.push(child);
    }
  }
  const empty = patterns.every((p) => p === null);
  return {
    firstMatch(text) {
      if (empty) return -1;
      let first = best[0] as number;
      let node = 0;
      for (let i = 0; i < text.length; i++) {
        node = step(edges, fail, node, text.charCodeAt(i));
        const here = best[node] as number;
        if (here < first) {
          first = here;
          if (first === 0) break;
        }
      }
      return first === Number.POSITIVE_INFINITY ? -1 : first;
    },
  };
}

/** The node after reading `code` at `node`, following failure links (amortised constant time). */
function step(edges: Map<number, number>, fail: Int32Array, node: number, code: number): number {
  let current = node;
  for (;;) {
    const child = edges.get(current * 0x10000 + code);
    if (child !== undefined) return child;
    if (current === 0) return 0;
    current = fail[current] as number;
  }
}
