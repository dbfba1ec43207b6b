// How the grid's virtualizer learns the scroll offset: as @tanstack/virtual-core's own observer
// does (each scroll event reports its offset as scrolling; a quiet spell after the last one
// reports the end of scrolling), except that the end reports the offset the last event saw, not
// the element's offset at that moment. When a frame takes longer than the quiet spell (a busy
// page), the element may have scrolled again with its event still to come: the core's observer
// then reported the new offset as "not scrolling" (its rows drawn later, by React's scheduler)
// and took the event that followed for a repeat, so that frame painted without the rows now on
// screen. Reported this way, that event is a move and its rows are drawn before the frame paints.
// Plain TypeScript, tested under node.
import type { Virtualizer } from '@tanstack/react-virtual';

export function observeScrollOffset<T extends Element>(instance: Virtualizer<T, Element>, cb: (offset: number, isScrolling: boolean) => void): (() => void) | undefined {
  const element = instance.scrollElement;
  const win = instance.targetWindow;
  if (!element || !win) return undefined;
  let seen = 0;
  let quiet: number | undefined;
  const onScroll = () => {
    seen = element.scrollTop;
    win.clearTimeout(quiet);
    quiet = win.setTimeout(() => cb(seen, false), instance.options.isScrollingResetDelay);
    cb(seen, true);
  };
  element.addEventListener('scroll', onScroll, { passive: true });
  return () => {
    element.removeEventListener('scroll', onScroll);
    win.clearTimeout(quiet);
  };
}
