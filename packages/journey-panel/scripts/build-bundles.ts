// Builds the panel into dist/: ES modules for bundlers (Lit external) and the minified classic bundles
// the CRM hosts load (Lit inside): `cj-journey-panel.iife.js` (open shadow root, Sugar) and
// `cj-journey-panel.closed.iife.js` (closed, Salesforce lwc:external). Prints each bundle's size.
// `--out-dir <dir>` builds elsewhere: the sync CLI builds into a staging directory and renames it into
// place, so a process reading dist/ never sees it half-written.
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type InlineConfig, type Plugin } from 'vite';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));

/** The classic bundles: what a CRM page downloads. */
export const CLASSIC_BUNDLES = [
  { entry: 'src/define.ts', file: 'cj-journey-panel.iife.js' },
  { entry: 'src/define-closed.ts', file: 'cj-journey-panel.closed.iife.js' },
] as const;

interface AstNode {
  readonly type?: string;
  readonly start?: number;
  readonly end?: number;
  readonly [key: string]: unknown;
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string';
}

function collapseCss(text: string): string {
  // Quoted strings (font names, attribute values) keep their text; only the CSS between them is squeezed.
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .split(/('[^']*'|"[^"]*")/)
    .map((part, index) =>
      index % 2 === 1
        ? part
        : part
            .replace(/ ?([{};,>]) ?/g, '$1')
            .replace(/: /g, ':')
            .replace(/\( /g, '(')
            .replace(/ \)/g, ')')
            .replace(/(?<![\w.-])0\.(\d)/g, '.$1'),
    )
    .join('')
    .replace(/;}/g, '}');
}

/**
 * Squeezes the whitespace out of Lit's `css` and `html` / `svg` literals (the minifier keeps template text
 * as written): about a quarter of the bundle. HTML keeps one space wherever there was whitespace, which
 * renders the same outside <pre>, which the panel does not use.
 */
function minifyLitLiterals(): Plugin {
  return {
    name: 'cj-minify-lit-literals',
    enforce: 'post',
    transform(code, id) {
      if (!id.includes('/src/') || !/\b(?:css|html|svg)`/.test(code)) return null;
      const edits: { start: number; end: number; text: string }[] = [];
      const visit = (node: unknown): void => {
        if (Array.isArray(node)) {
          for (const item of node) visit(item);
          return;
        }
        if (!isNode(node)) return;
        const tag = node['tag'];
        const quasi = node['quasi'];
        if (node.type === 'TaggedTemplateExpression' && isNode(tag) && isNode(quasi) && tag.type === 'Identifier') {
          const name = tag['name'];
          for (const element of (quasi['quasis'] as AstNode[] | undefined) ?? []) {
            const raw = (element['value'] as { raw: string }).raw;
            const { start, end } = element;
            // Only rewrite when the positions point at exactly the raw text.
            if (start === undefined || end === undefined || code.slice(start, end) !== raw) continue;
            const text =
              name === 'css' ? collapseCss(raw) : name === 'html' || name === 'svg' ? raw.replace(/\s+/g, ' ') : raw;
            if (text !== raw) edits.push({ start, end, text });
          }
        }
        for (const [key, value] of Object.entries(node)) if (key !== 'type') visit(value);
      };
      visit(this.parse(code));
      let out = code;
      for (const edit of edits.sort((a, b) => b.start - a.start)) {
        out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
      }
      return { code: out, map: null };
    },
  };
}

function baseConfig(outDir: string): InlineConfig {
  // The repository's vitest.config.ts is for tests; the build stands on its own.
  return {
    configFile: false,
    root: packageDir,
    logLevel: 'warn',
    plugins: [minifyLitLiterals()],
    build: { outDir, target: 'es2022', emptyOutDir: false },
  };
}

/** Builds every bundle into `outDir` (default dist/) and returns the classic bundles' sizes in bytes. */
export async function buildBundles(
  outDir: string = distDir,
): Promise<{ file: string; bytes: number; gzipBytes: number }[]> {
  await build({
    ...baseConfig(outDir),
    build: {
      ...baseConfig(outDir).build,
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: {
          index: 'src/index.ts',
          define: 'src/define.ts',
          'define-closed': 'src/define-closed.ts',
          stages: 'src/stages.ts',
        },
        formats: ['es'],
      },
      rolldownOptions: { external: [/^lit/, /^@crm-journey\//] },
    },
  });
  for (const bundle of CLASSIC_BUNDLES) {
    await build({
      ...baseConfig(outDir),
      build: {
        ...baseConfig(outDir).build,
        minify: true,
        lib: { entry: bundle.entry, formats: ['iife'], name: 'CjJourneyPanel', fileName: () => bundle.file },
      },
    });
  }
  return CLASSIC_BUNDLES.map(({ file }) => {
    const code = readFileSync(join(outDir, file));
    return { file, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
  });
}

if (import.meta.main) {
  const { values } = parseArgs({ options: { 'out-dir': { type: 'string' } } });
  const outDir = values['out-dir'] === undefined ? distDir : resolve(values['out-dir']);
  for (const { file, bytes, gzipBytes } of await buildBundles(outDir)) {
    process.stdout.write(
      `${relative(packageDir, join(outDir, file))}: ${(bytes / 1024).toFixed(1)} KB min, ${(gzipBytes / 1024).toFixed(1)} KB min+gzip\n`,
    );
  }
}
