import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { analyzeDocument } from '../../../engine/language/analyze';
import { DEFAULT_SETTINGS, type AnalysisContext } from '../../../engine/language/types';

// markdown-it (what vsce renders README with) stands in for the editor's Markdown renderer; html on,
// so that raw HTML from a document would show up too.
const MarkdownIt = createRequire(import.meta.url)('markdown-it') as new (options: object) => { render(md: string): string };
const renderer = new MarkdownIt({ html: true, linkify: false });

const PAYLOADS = [
  "'x` ![p](https://example.invalid/t.png) [l](https://example.invalid) `y'",
  'x`![p](https://example.invalid/t.png)`y',
  '<img/src=https://example.invalid/t.png>',
  '[l](https://example.invalid)',
  '**x**|y',
];

function documents(p: string): Array<[string, string]> {
  return [
    ['ksmtuned.conf', `KSM_THRES_COEF=${p}\nKSM_NPAGES_MAX=${p}\nKSM_SLEEP_MSEC=${p}\n# KSM_NPAGES_BOOST=${p}\n`],
    [
      'start.sh',
      `qemu-system-x86_64 -machine ${p}\nqemu-system-x86_64 -machine pc,accel=${p},mem-merge=${p},${p}=on -accel ${p} -m ${p} -object memory-backend-ram,id=m,size=${p},merge=${p}\n` +
        `qemu-system-x86_64 -machine pc-q35-${p}\n${p}-system-x86_64 -machine q35\nqemu-system-x86_64 -machine "$(${p})"\necho ${p} > /sys/kernel/mm/ksm/${p}\necho ${p} > /sys/kernel/mm/ksm/run\n`,
    ],
    ['ksm.conf', `kernel/mm/ksm/run = ${p}\nkernel/mm/ksm/${p} = 1\n`],
    ['ksm-tmpfiles.conf', `w /sys/kernel/mm/ksm/run - - - - ${p}\nw /sys/kernel/mm/ksm/${p} - - - - 1\n`],
    ['vm.service', `[Service]\nExecStart=/usr/bin/qemu-system-x86_64 -machine ${p}\nExecStartPre=/bin/sh -c 'echo ${p} > /sys/kernel/mm/ksm/run'\n`],
    ['README.md', '```sh\n' + `qemu-system-x86_64 -machine pc,${p}\n` + '```\n'],
  ];
}

const ctx: AnalysisContext = { settings: DEFAULT_SETTINGS, host: { meminfo: { MemTotal: 16 * 1024 * 1024 }, ksm: { run: '1', pages_to_scan: '100', sleep_millisecs: '20' } } };

/** What a rendered Markdown string must never contain when it came from document text. */
function injected(html: string): string | undefined {
  return /<img\b|<a\b(?![^>]*href="command:)|<script|<h[1-6]>/i.exec(html)?.[0];
}

test('document text never renders as Markdown or HTML in hovers and completion documentation', () => {
  const offences = new Set<string>();
  let hovers = 0;
  for (const payload of PAYLOADS) {
    for (const [fileName, text] of documents(payload)) {
      const analysis = analyzeDocument(text, { fileName }, ctx);
      for (let offset = 0; offset <= text.length; offset++) {
        const hover = analysis.hoverAt(offset);
        if (hover) {
          hovers++;
          const found = injected(renderer.render(hover.markdown));
          if (found) offences.add(`${fileName} hover at ${offset} (${JSON.stringify(text.slice(hover.range.start, hover.range.end))}): ${found}\n${hover.markdown}`);
        }
        for (const entry of analysis.completeAt(offset)) {
          const found = entry.documentation && injected(renderer.render(entry.documentation));
          if (found) offences.add(`${fileName} completion ${entry.label} at ${offset}: ${found}`);
        }
      }
    }
  }
  assert.ok(hovers > 100, `only ${hovers} hovers: the documents no longer reach the hover code`);
  assert.deepEqual([...offences], []);
});
