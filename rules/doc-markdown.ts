// A rule's documentation page as Markdown, from its metadata: the generated
// rules/docs/<id>.md and the editor's "explain rule" show the same text.
import type { RuleDoc } from './types';

export function ruleMarkdown(d: RuleDoc, opts: { fixNote: string; footer: string }): string {
  const lang = /#include <(iostream|string|thread|vector)>|std::/.test(d.badExample + d.goodExample) ? 'cpp' : 'c';
  return [
    `# ${d.id}`,
    '',
    `> ${d.summary}`,
    '',
    `Default severity: **${d.defaultSeverity}**${d.fixable ? ` · ${opts.fixNote}` : ''}`,
    '',
    '## Why this is a bug',
    '',
    d.explanation,
    '',
    '## Incorrect',
    '',
    '```' + lang,
    d.badExample,
    '```',
    '',
    '## Correct',
    '',
    '```' + lang,
    d.goodExample,
    '```',
    '',
    '## Suppressing',
    '',
    '```c',
    `// forklint-ignore-next-line ${d.id}`,
    '```',
    '',
    opts.footer,
    '',
  ].join('\n');
}
