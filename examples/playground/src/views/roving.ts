/**
 * One tab stop for a group of many small controls (a network's weight lines): Tab enters the group
 * at the current item, the arrow keys move through it in document order (Home and End jump), and
 * Enter or Space clicks. Items are the group's elements matching `selector`, read at every key.
 * @example roving(svg, '[data-testid=weight]')
 */
export function roving(group: Element, selector: string): void {
  const items = () => Array.from(group.querySelectorAll<HTMLElement | SVGElement>(selector));
  const all = items();
  all.forEach((el, i) => el.setAttribute('tabindex', i === 0 ? '0' : '-1'));
  group.addEventListener('keydown', (e) => {
    const event = e as KeyboardEvent;
    const list = items();
    const at = list.indexOf(event.target as HTMLElement);
    if (at < 0) return;
    let next = at;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = Math.min(list.length - 1, at + 1);
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = Math.max(0, at - 1);
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = list.length - 1;
    else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      list[at].dispatchEvent(new MouseEvent('click', { bubbles: true }));
      return;
    } else return;
    event.preventDefault();
    list[at].setAttribute('tabindex', '-1');
    list[next].setAttribute('tabindex', '0');
    list[next].focus();
  });
}
