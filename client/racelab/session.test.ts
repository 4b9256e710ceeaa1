// The extension side of the page protocol without a browser: trust is
// checked on every run, and nothing starts a helper before a trusted click.
import * as assert from 'assert';
import type { HostToPage } from './protocol';
import { LabSession, UNTRUSTED_MESSAGE } from './session';

function session(trusted: boolean, script = '/nonexistent/helper.js') {
  const posted: HostToPage[] = [];
  const s = new LabSession(
    {
      post: (m) => posted.push(m),
      trusted: () => trusted,
      snippetSource: () => Promise.reject(new Error('no file')),
      reveal: () => {},
    },
    script,
  );
  return { s, posted };
}

describe('Race Lab session (trust and relay)', () => {
  it('an untrusted workspace runs nothing: the page is told why, no helper starts', async () => {
    const { s, posted } = session(false);
    await s.handle({ type: 'ready' });
    assert.deepStrictEqual(posted[0], { type: 'trust', trusted: false });
    await s.handle({ type: 'run', scenario: 'kill-before-exec', strategies: ['fork'], params: {} });
    assert.ok(posted.some((m) => m.type === 'error' && m.message === UNTRUSTED_MESSAGE));
    assert.strictEqual(s.busy, false);
    // a helper that had been started would have failed to load the missing script and said so
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(!posted.some((m) => m.type === 'error' && /helper ended/.test(m.message)));
    s.dispose();
  });

  it('a snippet run needs a target first', async () => {
    const { s, posted } = session(true);
    await s.handle({ type: 'run', scenario: 'snippet', strategies: [], params: {} });
    assert.ok(posted.some((m) => m.type === 'error' && /Run in Race Lab/.test(m.message)));
    assert.strictEqual(s.busy, false);
  });

  it('a trusted run starts the helper and reports the busy state (here: a helper that cannot start)', async () => {
    const { s, posted } = session(true);
    await s.handle({ type: 'run', scenario: 'kill-before-exec', strategies: ['fork'], params: {} });
    assert.ok(posted.some((m) => m.type === 'busy' && m.busy));
    for (let i = 0; i < 50 && s.busy; i++) await new Promise((r) => setTimeout(r, 100));
    assert.strictEqual(s.busy, false);
    assert.ok(posted.some((m) => m.type === 'error' && /helper ended/.test(m.message)));
    s.dispose();
  });
});
