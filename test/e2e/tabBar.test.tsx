// The tab bars (views, causal sub-panels) in Chromium: only the selected tab is in the Tab order, and the
// arrow keys, Home and End select and focus the neighbouring tab.
import { describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { useState } from 'react';
import { createRoot } from 'react-dom/client';
import { flushSync } from 'react-dom';
import { TabBar } from '../../src/ui/components/TabBar';

const TABS = ['a', 'b', 'c'] as const;
const NAMES = { a: 'Alpha', b: 'Beta', c: 'Gamma' };

function Harness() {
  const [tab, setTab] = useState<(typeof TABS)[number]>('a');
  return <><TabBar tabs={TABS} selected={tab} names={NAMES} onSelect={setTab} label="Test tabs" testId={(t) => `tab-${t}`} /><p data-testid="shown">{tab}</p></>;
}

describe('TabBar', () => {
  it('is operable from the keyboard', async () => {
    const host = document.createElement('div');
    document.body.appendChild(host);
    const root = createRoot(host);
    flushSync(() => root.render(<Harness />));
    const tab = (t: string) => host.querySelector<HTMLButtonElement>(`[data-testid="tab-${t}"]`)!;
    expect(TABS.map((t) => tab(t).tabIndex)).toEqual([0, -1, -1]);
    expect(host.querySelector('[role="tablist"]')!.getAttribute('aria-label')).toBe('Test tabs');
    tab('a').focus();
    const state = () => [host.querySelector('[data-testid="shown"]')!.textContent, (document.activeElement as HTMLElement).dataset.testid, TABS.map((t) => tab(t).getAttribute('aria-selected')).join()];
    await userEvent.keyboard('{ArrowRight}');
    expect(state()).toEqual(['b', 'tab-b', 'false,true,false']);
    await userEvent.keyboard('{End}');
    expect(state()).toEqual(['c', 'tab-c', 'false,false,true']);
    await userEvent.keyboard('{ArrowRight}');
    expect(state()).toEqual(['a', 'tab-a', 'true,false,false']);
    await userEvent.keyboard('{ArrowLeft}');
    expect(state()).toEqual(['c', 'tab-c', 'false,false,true']);
    await userEvent.keyboard('{Home}');
    expect(state()).toEqual(['a', 'tab-a', 'true,false,false']);
    expect(TABS.map((t) => tab(t).tabIndex)).toEqual([0, -1, -1]);
    root.unmount();
    host.remove();
  });
});
