// Pointer handling for the scatter: wheel zooms about the cursor, drag pans, Shift+drag (or lasso
// mode) draws a lasso, a click without movement picks. Coordinates are relative to the element.
import { useCallback, useEffect, useRef, type PointerEvent as ReactPointerEvent, type RefObject } from 'react';
import { zoomAround, type ZoomTransform } from './scatterLayout';
import type { Vertex } from './lasso';

export interface PanZoomCallbacks {
  /** The transform changed (pan, zoom, reset); the chart schedules a repaint. */
  onTransform: (t: ZoomTransform) => void;
  onHover: (x: number, y: number) => void;
  onLeave: () => void;
  onClick: (x: number, y: number) => void;
  /** The lasso so far while drawing, null when it ends. */
  onLassoDraw: (polygon: Vertex[] | null) => void;
  onLasso: (polygon: Vertex[]) => void;
}

type Drag =
  | { kind: 'pan'; x: number; y: number; t: ZoomTransform; moved: boolean }
  | { kind: 'lasso'; polygon: Vertex[] };

/** Movement (px) below which a press counts as a click, not a pan. */
const CLICK_SLOP = 3;
/** Wheel delta to zoom factor: about 1.25× per notch. */
const WHEEL_RATE = 0.0022;

/** Wheel zoom about the cursor; React's onWheel is passive, and the page must not scroll meanwhile. */
function useWheelZoom(element: RefObject<HTMLElement | null>, transform: RefObject<ZoomTransform>, setTransform: (t: ZoomTransform) => void) {
  useEffect(() => {
    const el = element.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const [x, y] = local(el, e);
      const delta = e.deltaMode === 1 ? e.deltaY * 33 : e.deltaY;
      setTransform(zoomAround(transform.current, x, y, Math.exp(-delta * WHEEL_RATE)));
    };
    el.addEventListener('wheel', onWheel, { passive: false });
    return () => el.removeEventListener('wheel', onWheel);
  }, [element, transform, setTransform]);
}

/** Handlers for `element`; the zoom lives in `transform` so painters read it without re-rendering. */
export function usePanZoom(element: RefObject<HTMLElement | null>, transform: RefObject<ZoomTransform>, lassoMode: boolean, cb: PanZoomCallbacks) {
  const drag = useRef<Drag | null>(null);
  const cbRef = useRef(cb);
  useEffect(() => {
    cbRef.current = cb;
  });

  const setTransform = useCallback((t: ZoomTransform) => {
    transform.current = t;
    cbRef.current.onTransform(t);
  }, [transform]);

  useWheelZoom(element, transform, setTransform);

  const onPointerDown = (e: ReactPointerEvent<HTMLElement>) => {
    if (e.button !== 0) return;
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {
      // Synthetic events (tests, assistive tools) have no capturable pointer; dragging still works.
    }
    const [x, y] = local(e.currentTarget, e);
    drag.current = lassoMode || e.shiftKey ? { kind: 'lasso', polygon: [[x, y]] } : { kind: 'pan', x, y, t: transform.current, moved: false };
  };

  const onPointerMove = (e: ReactPointerEvent<HTMLElement>) => {
    const [x, y] = local(e.currentTarget, e);
    const d = drag.current;
    if (!d) cbRef.current.onHover(x, y);
    else if (d.kind === 'lasso') cbRef.current.onLassoDraw(extendLasso(d.polygon, x, y));
    else {
      const t = panTo(d, x, y);
      if (t) setTransform(t);
    }
  };

  const onPointerUp = (e: ReactPointerEvent<HTMLElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    const [x, y] = local(e.currentTarget, e);
    if (d.kind === 'pan' && !d.moved) cbRef.current.onClick(x, y);
    if (d.kind === 'lasso') {
      cbRef.current.onLassoDraw(null);
      if (d.polygon.length >= 3) cbRef.current.onLasso(d.polygon);
      else cbRef.current.onClick(x, y);
    }
  };

  const onPointerLeave = () => {
    if (!drag.current) cbRef.current.onLeave();
  };

  return { setTransform, handlers: { onPointerDown, onPointerMove, onPointerUp, onPointerLeave } };
}

/** Adds a vertex once the pointer has moved 2 px, keeping lassos light. */
function extendLasso(polygon: Vertex[], x: number, y: number): Vertex[] {
  const [lx, ly] = polygon[polygon.length - 1];
  if (Math.hypot(x - lx, y - ly) >= 2) polygon.push([x, y]);
  return polygon;
}

/** The transform of a pan in progress, or null while the pointer is still within click distance. */
function panTo(d: Extract<Drag, { kind: 'pan' }>, x: number, y: number): ZoomTransform | null {
  if (!d.moved && Math.hypot(x - d.x, y - d.y) < CLICK_SLOP) return null;
  d.moved = true;
  return { k: d.t.k, x: d.t.x + x - d.x, y: d.t.y + y - d.y };
}

function local(el: Element, e: { clientX: number; clientY: number }): [number, number] {
  const r = el.getBoundingClientRect();
  return [e.clientX - r.left, e.clientY - r.top];
}
