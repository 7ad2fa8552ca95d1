/** What a view is: given the route's parameters, the content to show (views: main.ts's table). */
import type { DomElement } from './dom.js';

/** What the router gives a view. */
export interface ViewContext {
  /** Whether the user is still on this view (an answer arriving later is dropped). */
  current(): boolean;
  /** Runs `leave` when the user leaves the view (stops its timers). */
  onLeave(leave: () => void): void;
  /** Builds the view again (after an admin action changed what it shows). */
  rerender(): void;
}

/** A view: the route's parameters in, the content out. */
export type View = (params: string[], context: ViewContext) => Promise<DomElement>;
