import { useEffect, useState, type RefObject } from 'react';

/**
 * True while the element is on screen (within `marginPx`) and the page is visible. Camera tiles stop
 * their stream when this turns false, so scrolled-away tiles and hidden tabs cost the printer nothing.
 */
export function useOnScreen(ref: RefObject<Element | null>, marginPx = 100): boolean {
  const [intersecting, setIntersecting] = useState(false);
  const [pageVisible, setPageVisible] = useState(() => !document.hidden);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new IntersectionObserver(
      (entries) => {
        const last = entries[entries.length - 1];
        if (last) setIntersecting(last.isIntersecting);
      },
      { rootMargin: `${marginPx}px` },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref, marginPx]);

  useEffect(() => {
    const onChange = () => setPageVisible(!document.hidden);
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  return intersecting && pageVisible;
}
