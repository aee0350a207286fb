/**
 * The documentation is whole inside the repository: every relative Markdown link reaches a tracked
 * file (and a real heading when it names one), and every `docs/spec/<file>.md §N` citation in the
 * sources names a section that exists.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..');

/** The repository as the checks see it: its tracked paths (POSIX, relative to the root) and a reader. */
interface RepoView {
  files: readonly string[];
  read: (path: string) => string;
}

/** One problem found, as `file:line: what is wrong`, so a failure names the place to fix. */
type Problem = string;

function trackedRepo(): RepoView {
  let listing: string;
  try {
    listing = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    throw new Error(`test/docs.test.ts needs git to list the tracked files of ${repoRoot}: ${(error as Error).message}`);
  }
  const files = listing.split('\0').filter((path) => path !== '');
  return { files, read: (path) => readFileSync(join(repoRoot, path), 'utf8') };
}

/**
 * GitHub's heading anchor (github-slugger): lower-cased, every character that is not a letter, mark,
 * number, connector (`_`), hyphen or space removed, each space turned into `-`.
 */
function githubSlug(headingText: string): string {
  return headingText
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The text a heading renders to: links and images become their text, code spans lose their backticks. */
function renderedHeadingText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|\W)[*_](.+?)[*_](?=\W|$)/g, '$1$2')
    .trim();
}

/** Lines outside fenced code blocks, with their 1-based numbers (links in code are not links). */
function proseLines(markdown: string): Array<{ line: number; text: string }> {
  const out: Array<{ line: number; text: string }> = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s{0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker[0]!.repeat(marker.length);
      else if (marker.startsWith(fence)) fence = undefined;
      return;
    }
    if (fence === undefined) out.push({ line: index + 1, text });
  });
  return out;
}

/** The anchors a Markdown file offers: its headings' slugs (duplicates numbered as GitHub does) and explicit HTML ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text);
    if (heading) {
      const base = githubSlug(renderedHeadingText(heading[1]!));
      const count = seen.get(base) ?? 0;
      seen.set(base, count + 1);
      anchors.add(count === 0 ? base : `${base}-${count}`);
    }
    for (const html of text.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) anchors.add(html[1]!);
  }
  return anchors;
}

/** The section numbers a spec file's headings start with: `## 3b. …` gives `3b`, `### 1.1 …` gives `1.1`. */
function sectionsOf(markdown: string): Set<string> {
  const sections = new Set<string>();
  for (const { text } of proseLines(markdown)) {
    const numbered = /^\s{0,3}#{1,6}\s+(\d+[a-z]?(?:\.\d+)*)\.?\s/.exec(text);
    if (numbered) sections.add(numbered[1]!);
  }
  return sections;
}

/** Every link target in a Markdown file: inline links and images, and reference definitions; code is skipped. */
function linksOf(markdown: string): Array<{ line: number; target: string }> {
  const links: Array<{ line: number; target: string }> = [];
  for (const { line, text } of proseLines(markdown)) {
    // A code span's text is never a link, but it may sit inside a link's text: keep its place.
    const prose = text.replace(/(`+)(?:(?!\1).)+?\1/g, 'code');
    for (const m of prose.matchAll(/!?\[[^\]]*\]\(\s*(<[^>]*>|[^)\s]*)(?:\s+["'(][^)]*)?\)/g)) {
      links.push({ line, target: m[1]!.replace(/^<|>$/g, '') });
    }
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(prose);
    if (definition) links.push({ line, target: definition[1]!.replace(/^<|>$/g, '') });
  }
  return links;
}

/** Checks every relative link of every tracked Markdown file of `repo`. */
function brokenLinks(repo: RepoView): Problem[] {
  const tracked = new Set(repo.files);
  const isTrackedDirectory = (dir: string) => repo.files.some((path) => path.startsWith(`${dir}/`));
  const anchorCache = new Map<string, Set<string>>();
  const anchors = (path: string) => {
    let found = anchorCache.get(path);
    if (!found) anchorCache.set(path, (found = anchorsOf(repo.read(path))));
    return found;
  };
  const problems: Problem[] = [];
  for (const file of repo.files.filter((path) => /\.md$/i.test(path))) {
    for (const { line, target } of linksOf(repo.read(file))) {
      const where = `${file}:${line}: ${target}`;
      if (target === '') {
        problems.push(`${where}: empty link target`);
        continue;
      }
      // Links with a scheme (https:, mailto:) go to the web on purpose; everything else is a path.
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
        if (/^file:/i.test(target)) problems.push(`${where}: file: links only work on the writer's machine`);
        continue;
      }
      const hash = target.indexOf('#');
      const rawPath = hash === -1 ? target : target.slice(0, hash);
      const fragment = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
      let resolved: string;
      if (rawPath === '') resolved = file;
      else {
        const decoded = decodeURI(rawPath.split('?')[0]!);
        // GitHub reads a leading "/" as the repository root.
        resolved = decoded.startsWith('/') ? posix.normalize(decoded.slice(1)) : posix.join(posix.dirname(file), decoded);
        resolved = resolved.replace(/\/+$/, '');
        if (resolved === '..' || resolved.startsWith('../')) {
          problems.push(`${where}: leaves the repository (resolves to ${resolved})`);
          continue;
        }
        if (resolved === '.' || resolved === '') {
          continue; // the repository root itself
        }
        if (!tracked.has(resolved) && !isTrackedDirectory(resolved)) {
          problems.push(`${where}: ${resolved} is not a tracked file or folder of the repository`);
          continue;
        }
      }
      if (fragment !== undefined && fragment !== '' && /\.md$/i.test(resolved) && tracked.has(resolved)) {
        if (!anchors(resolved).has(fragment)) problems.push(`${where}: ${resolved} has no heading with the anchor #${fragment}`);
      }
    }
  }
  return problems;
}

/**
 * Finds `docs/spec/<file>.md §N` citations, including the sections that follow the first one in a
 * list or a range (`§1.1, §2`, `§1–§3`, `§3 and §5`).
 */
function citationsOf(text: string): Array<{ line: number; specFile: string; section: string }> {
  const citations: Array<{ line: number; specFile: string; section: string }> = [];
  const pattern = /(docs\/spec\/[\w.-]+?\.md) ?§(\d+[a-z]?(?:\.\d+)*)((?:\s*(?:,|–|-|and|\/)\s*§\d+[a-z]?(?:\.\d+)*)*)/g;
  for (const m of text.matchAll(pattern)) {
    const line = text.slice(0, m.index).split('\n').length;
    const sections = [m[2]!, ...Array.from(m[3]!.matchAll(/§(\d+[a-z]?(?:\.\d+)*)/g), (s) => s[1]!)];
    for (const section of sections) citations.push({ line, specFile: m[1]!, section });
  }
  return citations;
}

/** Checks every spec citation in the tracked sources (ts, js, py, json, md) of `repo`. */
function brokenCitations(repo: RepoView): { problems: Problem[]; count: number } {
  const tracked = new Set(repo.files);
  const sectionCache = new Map<string, Set<string>>();
  const problems: Problem[] = [];
  let count = 0;
  for (const file of repo.files.filter((path) => /\.(?:[cm]?ts|[cm]?js|py|json|md)$/i.test(path))) {
    for (const { line, specFile, section } of citationsOf(repo.read(file))) {
      count += 1;
      const where = `${file}:${line}: ${specFile} §${section}`;
      if (!tracked.has(specFile)) {
        problems.push(`${where}: ${specFile} is not a tracked file`);
        continue;
      }
      let sections = sectionCache.get(specFile);
      if (!sections) sectionCache.set(specFile, (sections = sectionsOf(repo.read(specFile))));
      if (!sections.has(section)) problems.push(`${where}: no heading of ${specFile} starts with "${section}" (it has ${[...sections].join(', ')})`);
    }
  }
  return { problems, count };
}

/** A repository made of the given files, for checking that the checks themselves catch mistakes. */
function fakeRepo(files: Record<string, string>): RepoView {
  return {
    files: Object.keys(files),
    read: (path) => {
      const text = files[path];
      if (text === undefined) throw new Error(`no file ${path} in the fake repository`);
      return text;
    },
  };
}

const SPEC = '# Spec\n\n## 1. First\n\n### 1.1 Canonical request\n\n## 3b. The platform’s edges\n\n## Worked example (the guide’s vector)\n';

describe('the checks catch what they are for', () => {
  it('slugs headings the way GitHub does', () => {
    expect(githubSlug(renderedHeadingText('1.1 Canonical request'))).toBe('11-canonical-request');
    expect(githubSlug(renderedHeadingText("3b. The platform's edges"))).toBe('3b-the-platforms-edges');
    expect(githubSlug(renderedHeadingText('The `x-arrow-*` headers — and [links](x.md)'))).toBe('the-x-arrow--headers--and-links');
    expect([...anchorsOf('# A\n## A\n```\n# not a heading\n```\n')]).toEqual(['a', 'a-1']);
  });

  it('reports a missing file, a link out of the repository, a bad anchor, and nothing for good links', () => {
    const repo = fakeRepo({
      'docs/spec/x.md': SPEC,
      'README.md': [
        '[ok](docs/spec/x.md#11-canonical-request) [ok](docs/spec/x.md#3b-the-platforms-edges) [web](https://example.com/a)',
        '[folder](docs) [self](#readme) `[not a link](nowhere.md)`',
        '```', '[in code](nowhere.md)', '```',
        '# Readme',
        '[gone](docs/spec/y.md) [out](../shared/spec/x.md) [anchor](docs/spec/x.md#12-string-to-sign)',
      ].join('\n'),
    });
    const problems = brokenLinks(repo);
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^README\.md:7: docs\/spec\/y\.md: .* not a tracked file/);
    expect(problems[1]).toMatch(/^README\.md:7: \.\.\/shared\/spec\/x\.md: leaves the repository/);
    expect(problems[2]).toMatch(/^README\.md:7: .*#12-string-to-sign: .* no heading/);
  });

  it('reads every section of a citation list or range, and reports the ones without a heading', () => {
    const repo = fakeRepo({
      'docs/spec/x.md': SPEC,
      // Spelt in pieces so that this file does not cite a spec file that does not exist.
      'src/a.ts': `// ${'docs/spec/x.md'} §1.1, §3b and ${'docs/spec/x.md'} §1–§2.\n/** (${'docs/spec/z.md'} §1) */\n`,
    });
    const { problems, count } = brokenCitations(repo);
    expect(count).toBe(5);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^src\/a\.ts:1: docs\/spec\/x\.md §2: no heading/);
    expect(problems[1]).toMatch(/^src\/a\.ts:2: docs\/spec\/z\.md §1: .* not a tracked file/);
  });
});

describe('the repository', () => {
  const repo = trackedRepo();

  it('has no Markdown link that is broken or leaves the repository', () => {
    expect(repo.files.filter((path) => path.endsWith('.md')).length).toBeGreaterThan(0);
    expect(brokenLinks(repo)).toEqual([]);
  });

  it('cites only sections of docs/spec that exist', () => {
    const { problems, count } = brokenCitations(repo);
    // Code and messages cite the spec in many places; finding none would mean the pattern broke.
    expect(count).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });

  it('has the section headings that code and messages cite', () => {
    expect([...sectionsOf(repo.read('docs/spec/xconnect.md'))]).toEqual(expect.arrayContaining(['1', '1.1', '1.2', '1.3', '1.4', '1.5', '2', '3', '3b', '4', '5']));
    expect([...sectionsOf(repo.read('docs/spec/kx-connect.md'))]).toEqual(expect.arrayContaining(['1', '2', '3']));
  });
});
